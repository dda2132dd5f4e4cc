import { taskSchema } from './task.schema';
import { z } from 'zod';
import { CASE_STATUSES, NC_SOURCES, ROOT_CAUSE_METHODS, SEVERITIES, type CaseDetails } from '../../domain/nc-case';
import { calendarDate, clauseOrControlRef, line, optionalParagraph, paragraph, ref } from './fields';
import { timelineEntrySchema } from './timeline.schema';
import { CASE_SORTS } from '../../db/repositories/case.repository';

export const newCaseSchema = z
  .object({
    aimsId: ref('an AIMS'),
    title: line(300),
    description: optionalParagraph(20_000).default(''),
    source: z.enum(NC_SOURCES),
    severity: z.enum(SEVERITIES),
    ownerId: ref('an active person'),
    clauseRef: clauseOrControlRef.nullable().default(null),
    auditId: ref('an internal or external audit of the same AIMS').nullable().default(null),
  })
  .strict()
  .meta({ id: 'NewCase' });

export const caseListQuery = z
  .object({
    aimsId: ref('an AIMS').optional(),
    mine: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    overdue: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    severity: z.enum(SEVERITIES).optional(),
    source: z.enum(NC_SOURCES).optional(),
    status: z.enum(CASE_STATUSES).optional(),
    ownerId: ref('a person').optional(),
    department: line(200).optional(),
    clauseRef: clauseOrControlRef.optional(),
    raisedFrom: calendarDate.optional(),
    raisedTo: calendarDate.optional(),
    q: line(200).optional().describe('words each found in the title, the description or the reference (NC-12), case-insensitive'),
    sort: z.enum(CASE_SORTS).default('number'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const containmentSchema = z.object({ correction: paragraph(20_000) }).strict();

export const rootCauseSchema = z
  .object({
    method: z.enum(ROOT_CAUSE_METHODS),
    causes: z.array(paragraph(5_000)).min(1, 'name at least one cause').max(20),
    similarExist: z.boolean(),
    similarDetails: optionalParagraph(5_000).default(''),
    actions: z
      .array(z.object({ title: line(500), ownerId: ref('an active person'), dueDate: calendarDate }).strict())
      .min(1, 'an action plan needs at least one action')
      .max(50),
  })
  .strict();

export const planDecisionSchema = z
  .object({ approve: z.boolean(), verifierId: ref('an active person').nullable().default(null), comment: optionalParagraph(5_000).default('') })
  .strict();

export const actionCompletionSchema = z.object({ evidence: paragraph(20_000) }).strict();
export const effectivenessSchema = z.object({ effective: z.boolean(), evidence: paragraph(20_000) }).strict();
export const reasonSchema = z.object({ reason: paragraph(5_000) }).strict();

export const caseSummarySchema = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    aimsId: z.uuid(),
    title: z.string(),
    source: z.enum(NC_SOURCES),
    severity: z.enum(SEVERITIES),
    status: z.enum(CASE_STATUSES),
    ownerId: z.uuid(),
    raisedOn: z.string(),
    overdue: z.boolean(),
    nextDueDate: z.string().nullable(),
    clauseRef: z.string().nullable(),
  })
  .meta({ id: 'CaseSummary' });

/** What the case workflow has recorded beyond the row's columns (CaseState, saved by saveCase). */
export const caseDetailsSchema = z
  .object({
    containment: z.object({ correction: z.string(), submittedBy: z.uuid(), submittedAt: z.iso.datetime() }).nullable(),
    rootCauses: z.array(
      z.object({
        iteration: z.number().int(),
        method: z.enum(ROOT_CAUSE_METHODS),
        causes: z.array(z.string()),
        similarExist: z.boolean(),
        similarDetails: z.string(),
        submittedBy: z.uuid(),
        submittedAt: z.iso.datetime(),
        proposedActions: z.array(z.object({ title: z.string(), ownerId: z.uuid(), dueDate: z.string() })),
        decision: z.object({ approved: z.boolean(), comment: z.string(), decidedBy: z.uuid(), decidedAt: z.iso.datetime() }).optional(),
      }),
    ),
    effectivenessReviews: z.array(
      z.object({ iteration: z.number().int(), effective: z.boolean(), evidence: z.string(), verifiedBy: z.uuid(), verifiedAt: z.iso.datetime() }),
    ),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: 'CaseDetails' }) satisfies z.ZodType<CaseDetails>;

export const caseDetailSchema = caseSummarySchema
  .extend({
    description: z.string(),
    verifierId: z.uuid().nullable(),
    raisedBy: z.uuid().nullable(),
    clauseRef: z.string().nullable(),
    auditId: z.uuid().nullable(),
    iteration: z.number().int(),
    details: caseDetailsSchema,
    closedAt: z.iso.datetime().nullable(),
    actions: z.array(
      z.object({
        id: z.uuid(),
        iteration: z.number().int(),
        title: z.string(),
        ownerId: z.uuid(),
        dueDate: z.string(),
        status: z.enum(['open', 'done', 'cancelled']),
        evidence: z.string().nullable(),
        completedAt: z.iso.datetime().nullable(),
      }),
    ),
    tasks: z.array(taskSchema),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: 'CaseDetail' });
