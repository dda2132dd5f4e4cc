import { z } from 'zod';
import { readinessSchema } from './readiness.schema';
import { AUDIT_STATUSES } from '../../domain/audit';
import { CERTIFICATION_STATUSES, EXTERNAL_AUDIT_KINDS } from '../../domain/certification';
import { SEVERITIES, NC_SOURCES } from '../../domain/nc-case';
import { DECISION_KINDS, REVIEW_INPUT_IDS, REVIEW_STATUSES, type ReviewDecision, type ReviewState } from '../../domain/review';
import { AUDIT_RESULTS } from '../../db/tables/audits.table';
import { PACK_AGE_BUCKETS } from '../../services/review-pack';
import { aiRiskFiguresSchema } from './ai-risk.schema';
import { taskSchema } from './task.schema';
import { timelineEntrySchema } from './timeline.schema';

// Answers of the management review routes (ISO/IEC 42001 9.3).

const perInput = <T extends z.ZodType>(schema: T) =>
  z.object(Object.fromEntries(REVIEW_INPUT_IDS.map((id) => [id, schema])) as Record<(typeof REVIEW_INPUT_IDS)[number], T>);
const count = z.number().int();

const cycleFacts = {
  aimsId: z.uuid(),
  chairId: z.uuid(),
  attendeeIds: z.array(z.uuid()),
  inputOwners: perInput(z.uuid()),
  firstMeetingDate: z.string(),
  intervalMonths: z.number().int(),
};

/** The cycle as started: what POST /aims/{id}/reviews was given, interval defaulted. */
export const startedReviewCycleSchema = z.object(cycleFacts).meta({ id: 'StartedReviewCycle' });

/** A coming meeting of a cycle, not opened yet (services/review-cycle-queries.ts). */
export const plannedReviewSchema = z
  .object({
    aimsId: z.uuid(),
    index: z.number().int(),
    reviewId: z.uuid().describe('the id the review will have once it opens; GET /reviews/{id} answers 404 until then'),
    status: z.literal('planned'),
    meetingDate: z.string(),
    meetingAt: z.iso.datetime(),
    meetingEndsAt: z.iso.datetime(),
    opensAt: z.iso.datetime().describe('when the review opens: inputs requested, invitation sent'),
    inputsDue: z.string(),
  })
  .meta({ id: 'PlannedReview' });

/** The cycle as the record has it, with its next meetings not opened yet. */
export const reviewCycleSchema = z
  .object({
    ...cycleFacts,
    // Read from the review_cycles row as stored, not from a validated command: a row may name
    // fewer owners than a new cycle does (planned-reviews.test.ts reads one with none).
    inputOwners: z.partialRecord(z.enum(REVIEW_INPUT_IDS), z.uuid()).describe('the owner of each input (9.3.2 a–e), as the record keeps them'),
    nextIndex: z.number().int().describe('index of the next review to open'),
    planned: z.array(plannedReviewSchema),
  })
  .meta({ id: 'ReviewCycle' });

const reviewFacts = { id: z.uuid(), reference: z.string(), aimsId: z.uuid(), status: z.enum(REVIEW_STATUSES), meetingDate: z.string() };

export const reviewSummarySchema = z.object(reviewFacts).meta({ id: 'ReviewSummary' });

const decisionSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(DECISION_KINDS),
    text: z.string(),
    actionTaskId: z.uuid().nullable().describe('the task tracking its action, if it has one'),
  })
  .meta({ id: 'ReviewDecision' }) satisfies z.ZodType<ReviewDecision>;

export const reviewDetailSchema = z
  .object({
    ...reviewFacts,
    chairId: z.uuid(),
    attendeeIds: z.array(z.uuid()),
    meetingAt: z.iso.datetime(),
    inputs: perInput(
      z.object({ ownerId: z.uuid(), taskId: z.uuid(), text: z.string().nullable(), submittedAt: z.iso.datetime().nullable() }),
    ) satisfies z.ZodType<ReviewState['inputs']>,
    minutes: z.string().nullable(),
    decisions: z.array(decisionSchema),
    approvedAt: z.iso.datetime().nullable(),
    tasks: z.array(taskSchema),
    timeline: z.array(timelineEntrySchema),
  })
  .meta({ id: 'Review' });

/** The review pack (9.3.2), compiled from the record by services/review-pack.ts. */
export const reviewPackSchema = z
  .object({
    reviewId: z.uuid(),
    reference: z.string(),
    period: z.object({ start: z.string(), end: z.string(), asOf: z.string().describe('the meeting date, or today when compiled before it') }),
    previousActions: z.array(
      z.object({
        review: z.string(),
        title: z.string(),
        ownerId: z.uuid(),
        dueDate: z.string(),
        status: z.enum(['open', 'done', 'cancelled']),
        overdue: z.boolean(),
      }),
    ),
    nonconformities: z.object({
      opened: count,
      openedBySeverity: z.partialRecord(z.enum(SEVERITIES), count),
      openedBySource: z.partialRecord(z.enum(NC_SOURCES), count),
      closed: count,
      closedBySeverity: z.partialRecord(z.enum(SEVERITIES), count),
      openAtEnd: count,
      overdueTasks: count,
      ageing: z.record(z.enum(PACK_AGE_BUCKETS), count).describe('open cases by age in days at asOf'),
      meanDaysToClose: z.number().nullable(),
      medianDaysToClose: z.number().nullable(),
    }),
    audits: z.array(
      z.object({
        reference: z.string(),
        status: z.enum(AUDIT_STATUSES),
        fieldworkStart: z.string(),
        fieldworkEnd: z.string(),
        results: z.partialRecord(z.enum(AUDIT_RESULTS), count),
      }),
    ),
    coverage: z.object({ required: count, auditedInPeriod: count }),
    certification: z
      .object({
        status: z.enum(CERTIFICATION_STATUSES),
        body: z.string().nullable(),
        decisionDate: z.string().nullable(),
        expiryDate: z.string().nullable(),
        nextDue: z.object({ item: z.string(), date: z.string().nullable() }).nullable(),
        comingExternalAudits: z.array(z.object({ kind: z.enum(EXTERNAL_AUDIT_KINDS), dueDate: z.string() })),
      })
      .nullable(),
    aiRisks: aiRiskFiguresSchema.describe("AI risks (9.3.2 c, e): the active systems' approved risks as the record stands"),
    readiness: z
      .object({
        asOf: z.string(),
        overall: z.number().int(),
        counts: readinessSchema.shape.counts,
        groups: readinessSchema.shape.groups,
        remediation: readinessSchema.shape.remediation,
        trend: z.array(z.object({ month: z.string(), overall: z.number().int() })),
      })
      .optional()
      .describe('the gap assessment as the pack was compiled (its first ten remediation items); absent from packs stored before it existed'),
    inputs: z.array(z.object({ id: z.enum(REVIEW_INPUT_IDS), title: z.string(), text: z.string().nullable(), submittedAt: z.iso.datetime().nullable() })),
  })
  .meta({ id: 'ReviewPack' });
