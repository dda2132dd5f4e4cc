import type { Person } from '../db/tables/people.table';
import { listEvidenceOfItem } from '../db/repositories/evidence.repository';
import type { ItemKind } from '../db/repositories/item-aims.repository';
import { AppError } from '../domain/app-error';
import type { Role } from '../domain/roles';
import { storeEvidence } from '../services/evidence-files';
import type { ApiContext } from './api-context';
import { readUpload } from './evidence-upload';
import { defineRoute, uuidParam } from './route';
import { evidenceFileSchema, evidenceListSchema, toEvidenceDto } from './schemas/evidence.schema';

/** The item an upload is for, once found and allowed: the AIMS its file belongs to and the id it is kept under. */
export interface EvidenceTarget {
  aimsId: string;
  itemId: string;
}

/**
 * One kind of item that takes evidence files, described once: `evidenceRoutesOf` makes its upload
 * and list routes, and the download route (`GET /evidence/:id`) authorises by its `readers`.
 */
export interface EvidenceItem<P extends string = string, S extends string = string> {
  /** `evidence_files.item_type`. */
  itemType: string;
  /** What the route's scope names, so the item's AIMS places the call (404 out of reach). */
  scope: ItemKind;
  /** The item's own path, `/audits/:id`; the routes are `<path>/<segment>`. */
  path: P;
  /** `evidence` (the default), or `files` for a document's version files. */
  segment?: S;
  noun: string;
  tag: string;
  /** Who may upload (further checks in `find`). */
  uploaders: readonly Role[];
  /** The roles of the item's own read route: they list and download its files. */
  readers: readonly Role[];
  /** What the optional `step` field may name, for the route's summary and the refusal; undefined: no step. */
  steps?: string;
  /** The upload's summary, when the item says more than "an evidence file". */
  uploadSummary?: string;
  /** The 403/409 an upload may meet beyond the common ones. */
  uploadFailures?: Record<number, string>;
  /**
   * The item for an upload, or undefined for an unknown one (404); throws the item's own refusals
   * (retired: 409; not its owner: 403). `person` is the uploader.
   */
  find(ctx: ApiContext, id: string, person: Person): Promise<EvidenceTarget | undefined>;
  /** Whether the item exists, for the list (its scope already placed the call). */
  exists(ctx: ApiContext, id: string): Promise<boolean>;
  /** The `step` as kept (normalised), null for the item as a whole; throws 422 naming `body.step`. */
  step?(ctx: ApiContext, target: EvidenceTarget, raw: string): Promise<string>;
}

/** A 422 on the step field, naming what it may be. */
export const badStep = (reason: string) => new AppError('validation_failed', `body.step: ${reason}`, [{ field: 'body.step', reason }]);

/** A step from a fixed list. */
export function oneOf(values: readonly string[]): (ctx: ApiContext, target: EvidenceTarget, raw: string) => Promise<string> {
  return async (_ctx, _target, raw) => {
    if (!values.includes(raw)) throw badStep(`must be one of ${values.join(', ')}`);
    return raw;
  };
}

/** An item described with its literal path, so that its routes keep their paths' types (`ApiPath`). */
export function evidenceItem<const P extends string, const S extends string = 'evidence'>(item: EvidenceItem<P, S>): EvidenceItem<P, S> {
  return item;
}

/**
 * The upload (`POST <path>/evidence`, multipart: `file` and, where the item has steps, `step`) and
 * the list (`GET <path>/evidence`) of one kind of item: the same limit, sniffing, sha256, trail
 * entry and store for every item, and nothing kept of a refused file.
 */
export function evidenceRoutesOf<P extends string, S extends string>(item: EvidenceItem<P, S>) {
  const path = `${item.path}/${item.segment ?? 'evidence'}` as `${P}/${S}`;
  const notFound = (id: string) => new AppError('not_found', `no ${item.noun} ${id}`);
  return [
    defineRoute({
      method: 'post',
      path,
      summary:
        item.uploadSummary ??
        `Upload an evidence file for ${/^[aeiou]/i.test(item.noun) ? 'an' : 'a'} ${item.noun} (multipart/form-data: the file in "file"${item.steps ? `, optionally "step": ${item.steps}` : ''}). ` +
          'Its media type is sniffed from the bytes; empty files, types not accepted (415) and files over EVIDENCE_MAX_BYTES (413) are refused and nothing is stored',
      tag: item.tag,
      access: item.uploaders,
      scope: { item: item.scope },
      params: uuidParam,
      response: { status: 201, description: 'stored, with its sha256', schema: evidenceFileSchema },
      failures: {
        ...item.uploadFailures,
        404: `no such ${item.noun}`,
        413: 'larger than EVIDENCE_MAX_BYTES',
        415: 'not multipart, or a media type not accepted',
      },
      handler: async ({ params, req, person }, ctx) => {
        const target = await item.find(ctx, params.id, person);
        if (!target) throw notFound(params.id);
        const upload = await readUpload(req, ctx.config.evidence.maxBytes);
        const raw = upload.fields.step;
        if (raw !== undefined && raw !== '' && !item.step) throw badStep(`the ${item.noun}'s files name no step`);
        const step = raw === undefined || raw === '' || !item.step ? null : await item.step(ctx, target, raw);
        const row = await storeEvidence(
          ctx.db,
          ctx.evidenceStore,
          { aimsId: target.aimsId, itemType: item.itemType, itemId: target.itemId, step, filename: upload.filename, content: upload.content },
          person,
          ctx.clock.now(),
        );
        return { status: 201, body: toEvidenceDto(row) };
      },
    }),
    defineRoute({
      method: 'get',
      path,
      summary: `The ${item.noun}'s evidence files, oldest first`,
      tag: item.tag,
      access: item.readers,
      scope: { item: item.scope },
      params: uuidParam,
      response: { status: 200, description: 'the files', schema: evidenceListSchema },
      failures: { 404: `no such ${item.noun}` },
      handler: async ({ params }, ctx) => {
        if (!(await item.exists(ctx, params.id))) throw notFound(params.id);
        return { body: { items: (await listEvidenceOfItem(ctx.db, item.itemType, params.id)).map(toEvidenceDto) } };
      },
    }),
  ] as const;
}
