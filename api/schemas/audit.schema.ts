import { z } from 'zod';
import { AUDIT_RESULTS } from '../../db/tables/audits.table';
import { CADENCES } from '../../domain/audit';
import { isClauseId, isControlId } from '../../domain/reference/iso42001';
import { isoDate } from './aims.schema';

const reason = z.string().trim().min(1, 'give a reason').max(5_000);

export const soaUpdateSchema = z
  .object({
    entries: z
      .array(
        z
          .object({
            controlId: z.string().refine(isControlId, 'must be an Annex A control such as A.6.2.4'),
            applicable: z.boolean(),
            justification: z.string().trim().max(5_000).default(''),
          })
          .strict()
          .refine((e) => e.applicable || e.justification.length > 0, { message: 'a control left out needs a justification', path: ['justification'] }),
      )
      .min(1)
      .max(38),
  })
  .strict();

export const startProgrammeSchema = z.object({ cadence: z.enum(CADENCES), anchorDate: isoDate }).strict();
export const reasonBody = z.object({ reason }).strict();
export const moveBody = z.object({ fieldworkStart: isoDate, reason }).strict();
export const cadenceBody = z.object({ cadence: z.enum(CADENCES), anchorDate: isoDate, reason }).strict();
export const occurrenceParams = z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(10_000) });

export const teamBody = z.object({ leadAuditorId: z.uuid(), auditeeIds: z.array(z.uuid()).min(1, 'name at least one auditee').max(50) }).strict();
export const resultsBody = z
  .object({
    results: z
      .array(
        z
          .object({
            itemId: z.string().refine((id) => isClauseId(id) || isControlId(id), 'must be a clause (9.2) or an Annex A control (A.6.2.4)'),
            result: z.enum(AUDIT_RESULTS),
            evidence: z.string().trim().min(1, 'record the evidence').max(20_000),
            ownerId: z.uuid().nullable().default(null),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();
export const reportBody = z.object({ summary: z.string().trim().min(1, 'write a summary').max(50_000) }).strict();
