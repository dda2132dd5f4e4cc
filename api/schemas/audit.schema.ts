import { z } from 'zod';
import { AUDIT_RESULTS } from '../../db/tables/audits.table';
import { AUDIT_STATUSES, CADENCES } from '../../domain/audit';
import { isClauseId, isControlId } from '../../domain/reference/iso42001';
import { isoDate } from './aims.schema';
import { taskSchema } from './case.schema';
import { timelineEntrySchema } from './timeline.schema';

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
