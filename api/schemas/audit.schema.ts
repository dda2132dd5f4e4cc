import { z } from 'zod';
import { AUDIT_RESULTS } from '../../db/tables/audits.table';
import { AUDIT_STATUSES, CADENCES } from '../../domain/audit';
import { taskSchema } from './task.schema';
import { calendarDate, clauseOrControlRef, controlRef, optionalParagraph, paragraph, ref } from './fields';
import { timelineEntrySchema } from './timeline.schema';

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

export const teamBody = z
  .object({ leadAuditorId: ref('an active person'), auditeeIds: z.array(ref('an active person')).min(1, 'name at least one auditee').max(50) })
  .strict();
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

// Answers.

const auditFacts = {
  id: z.uuid(),
  reference: z.string(),
  aimsId: z.uuid(),
  status: z.enum(AUDIT_STATUSES),
  occurrenceIndex: z.number().int(),
  fieldworkStart: z.string(),
  fieldworkEnd: z.string(),
  leadAuditorId: z.uuid().nullable(),
};

export const auditSummarySchema = z.object({ ...auditFacts, scope: z.array(z.string()) }).meta({ id: 'AuditSummary' });

export const auditDetailSchema = z
  .object({
    ...auditFacts,
    auditeeIds: z.array(z.uuid()),
    scope: z.array(z.object({ id: z.string(), title: z.string() })),
    results: z.array(
      z.object({
        itemId: z.string(),
        result: z.enum(AUDIT_RESULTS),
        evidence: z.string(),
        caseId: z.uuid().nullable().describe('the corrective-action case a nonconformity opened'),
        recordedBy: z.uuid(),
        recordedAt: z.iso.datetime(),
      }),
    ),
    reportSummary: z.string().nullable(),
    reportedAt: z.iso.datetime().nullable(),
    tasks: z.array(taskSchema),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: 'Audit' });

export const coverageItemSchema = z
  .object({
    itemId: z.string(),
    title: z.string(),
    kind: z.enum(['clause', 'control']),
    applicable: z.boolean(),
    lastAudited: z.string().nullable().describe('fieldwork start of the latest audit with a result for it'),
    lastResult: z.enum(AUDIT_RESULTS).nullable(),
    nextPlanned: z.object({ auditId: z.uuid(), reference: z.string(), fieldworkStart: z.string() }).nullable(),
  })
  .meta({ id: 'CoverageItem' });
