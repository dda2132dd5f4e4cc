import { z } from 'zod';
import type { ItemKind } from '../db/repositories/item-aims.repository';
import { ROLES } from '../domain/roles';
import type { ApiContext } from './api-context';
import { defineRoute, uuidParam } from './route';

/** The file formats a record is exported in, with the content type and the answer's description. */
const FORMATS = {
  pdf: { contentType: 'application/pdf', description: 'a PDF' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: 'an XLSX workbook' },
} as const;
export type FileFormat = keyof typeof FORMATS;

/** One kind of record file (the SoA, an audit's report, …): where it sits, and how its record is read once for every format. */
export interface RecordFileKind<Read extends string, D> {
  /** The record's read, which each file extends by its format: `/aims/:id/soa` → `/aims/:id/soa.pdf`. */
  read: Read;
  /** The item the `:id` names: out of the caller's reach answers 404 as an unknown id does. */
  item: ItemKind;
  /** The documented 404: `no such AIMS`. */
  missing: string;
  /** Reads the record (an `AppError` `not_found` when there is none), as of `now`. */
  load: (ctx: ApiContext, id: string, now: Date) => Promise<D>;
  /** The download's file name without its extension: `soa`, `AUD-3-minutes`. */
  filename: (record: D) => string;
}

/**
 * The file routes of one kind of record, each a `GET <read>.<format>` open to every role,
 * scoped and authorised like the read it extends, answering the rendered file as an attachment.
 *
 * @example
 * const soa = recordFiles({ read: '/aims/:id/soa', item: 'aims', missing: 'no such AIMS', load, filename: () => 'soa' });
 * soa.file('pdf', 'The Statement of Applicability as PDF', (record, now) => soaPdf(record.entries, record.name, now));
 */
export function recordFiles<const Read extends string, D>(kind: RecordFileKind<Read, D>) {
  return {
    file<const F extends FileFormat>(format: F, summary: string, render: (record: D, now: Date) => Promise<Buffer>) {
      const { contentType, description } = FORMATS[format];
      return defineRoute({
        method: 'get',
        path: `${kind.read}.${format}` as `${Read}.${F}`,
        summary,
        tag: 'exports',
        access: ROLES,
        scope: { item: kind.item },
        params: uuidParam,
        response: { status: 200, description, schema: z.string().meta({ format: 'binary' }), contentType },
        failures: { 404: kind.missing },
        handler: async ({ params, res }, ctx) => {
          const now = ctx.clock.now();
          const record = await kind.load(ctx, params.id, now);
          const file = await render(record, now);
          res.attachment(`${kind.filename(record)}.${format}`);
          res.status(200).type(contentType).send(file);
        },
      });
    },
  };
}
