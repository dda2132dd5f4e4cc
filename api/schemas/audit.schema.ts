import { z } from 'zod';
import { AUDIT_RESULTS } from '../../db/tables/audits.table';
import { CADENCES } from '../../domain/audit';
import { calendarDate, clauseOrControlRef, controlRef, optionalParagraph, paragraph, ref } from './fields';

const reason = paragraph(5_000, 'give a reason');

export const soaUpdateSchema = z
  .object({
    entries: z
      .array(
        z
          .object({
            controlId: controlRef,
            applicable: z.boolean(),
            justification: optionalParagraph(5_000).default(''),
          })
          .strict()
          .refine((e) => e.applicable || e.justification.length > 0, { message: 'a control left out needs a justification', path: ['justification'] }),
      )
      .min(1)
      .max(38),
  })
  .strict();

export const startProgrammeSchema = z.object({ cadence: z.enum(CADENCES), anchorDate: calendarDate }).strict();
export const reasonBody = z.object({ reason }).strict();
export const moveBody = z.object({ fieldworkStart: calendarDate, reason }).strict();
export const cadenceBody = z.object({ cadence: z.enum(CADENCES), anchorDate: calendarDate, reason }).strict();
export const occurrenceParams = z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(10_000) });

export const teamBody = z.object({ leadAuditorId: ref('an active person'), auditeeIds: z.array(ref('an active person')).min(1, 'name at least one auditee').max(50) }).strict();
export const resultsBody = z
  .object({
    results: z
      .array(
        z
          .object({
            itemId: clauseOrControlRef,
            result: z.enum(AUDIT_RESULTS),
            evidence: paragraph(20_000, 'record the evidence'),
            ownerId: ref('an active person').nullable().default(null),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();
export const reportBody = z.object({ summary: paragraph(50_000, 'write a summary') }).strict();
