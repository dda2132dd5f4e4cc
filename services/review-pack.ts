import { localDateOf } from '../calendar/local-time';
import { readinessOf } from './readiness';
import { aiRiskFigures } from './ai-risk-figures';
import type { Db } from '../db/database';
import { listAuditsStartingBetween, listResultsOfAudits } from '../db/repositories/audit.repository';
import { findCertificationSummary } from '../db/repositories/certification.repository';
import { findReviewBefore, findReviewForPack, listReviewsBefore } from '../db/repositories/review.repository';
import { listApplicableControlIds } from '../db/repositories/soa.repository';
import { listCaseFactsOfAims } from '../db/repositories/case.repository';
import { listCaseTasksOverdueAsOf, listDecisionActionsOf } from '../db/repositories/task.repository';
import type { AuditStatus } from '../domain/audit';
import type { CertificationStatus, PlannedExternalAudit } from '../domain/certification';
import { CLAUSES, REVIEW_INPUTS } from '../domain/reference/iso42001';
import type { ReviewInputId } from '../domain/review';

const AGE_BUCKETS = [
  { label: '0-30', min: 0, max: 30 },
  { label: '31-90', min: 31, max: 90 },
  { label: '91-180', min: 91, max: 180 },
  { label: '181+', min: 181, max: Number.POSITIVE_INFINITY },
] as const;
/** The ages (days open) the pack counts open cases by. */
export const PACK_AGE_BUCKETS = AGE_BUCKETS.map((b) => b.label) as [(typeof AGE_BUCKETS)[number]['label'], ...(typeof AGE_BUCKETS)[number]['label'][]];

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const median = (values: number[]) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const countBy = <T, K extends string>(rows: T[], key: (row: T) => K) =>
  rows.reduce<Partial<Record<K, number>>>((acc, row) => ({ ...acc, [key(row)]: (acc[key(row)] ?? 0) + 1 }), {});

/**
 * The management review pack (ISO/IEC 42001 9.3.2), compiled from the record for the period
 * since the previous review's meeting (or since the AIMS was set up) up to this meeting.
 * "As of" is the meeting date, or today when compiled before it.
 */
export async function compileReviewPack(db: Db, reviewId: string, now: Date) {
  const review = await findReviewForPack(db, reviewId);
  if (!review) return undefined;
  const previous = await findReviewBefore(db, review.aims_id, review.meeting_date);
  const periodStart = previous?.meeting_date ?? localDateOf(review.created_at, review.time_zone);
  const periodEnd = review.meeting_date;
  const today = localDateOf(now, review.time_zone);
  const asOf = today < periodEnd ? today : periodEnd;

  const cases = await listCaseFactsOfAims(db, review.aims_id);
  const closedOn = (c: { closed_at: Date | null }) => (c.closed_at ? localDateOf(c.closed_at, review.time_zone) : null);
  const opened = cases.filter((c) => c.raised_on >= periodStart && c.raised_on < periodEnd);
  const closed = cases.filter((c) => c.status === 'closed' && closedOn(c)! >= periodStart && closedOn(c)! < periodEnd);
  const openAsOf = cases.filter((c) => c.raised_on <= asOf && (c.status !== 'closed' && c.status !== 'cancelled' ? true : closedOn(c)! > asOf));
  const daysToClose = closed.map((c) => dayNumber(closedOn(c)!) - dayNumber(c.raised_on));
  const overdueTasks = await listCaseTasksOverdueAsOf(db, review.aims_id, asOf, review.time_zone);

  const priorReviews = await listReviewsBefore(db, review.aims_id, review.meeting_date);
  const previousActions = priorReviews.length
    ? await listDecisionActionsOf(
        db,
        priorReviews.map((r) => r.id),
      )
    : [];
  const reviewNumber = new Map(priorReviews.map((r) => [r.id, r.number]));

  const audits = await listAuditsStartingBetween(db, review.aims_id, periodStart, periodEnd);
  const results = await listResultsOfAudits(
    db,
    audits.map((a) => a.id),
  );
  const applicable = await listApplicableControlIds(db, review.aims_id);
  const required = new Set([...CLAUSES.map((c) => c.id), ...applicable]);
  const audited = new Set(results.map((r) => r.item_id).filter((item) => required.has(item)));
  const certification = await findCertificationSummary(db, review.aims_id);
  const aiRisks = (await aiRiskFigures(db, review.aims_id, now))!;
  const gapAssessment = (await readinessOf(db, now, review.aims_id))!;
  const inputs = review.inputs as Record<string, { ownerId: string; text: string | null; submittedAt: string | null }>;

  return {
    reviewId: review.id,
    reference: `MR-${review.number}`,
    period: { start: periodStart, end: periodEnd, asOf },
    previousActions: previousActions.map((t) => ({
      review: `MR-${reviewNumber.get(t.item_id)}`,
      title: t.title,
      ownerId: t.owner_id,
      dueDate: t.due_date,
      status: t.status,
      overdue: t.status === 'open' && t.due_date < asOf,
    })),
    nonconformities: {
      opened: opened.length,
      openedBySeverity: countBy(opened, (c) => c.severity),
      openedBySource: countBy(opened, (c) => c.source),
      closed: closed.length,
      closedBySeverity: countBy(closed, (c) => c.severity),
      openAtEnd: openAsOf.length,
      overdueTasks: overdueTasks.length,
      ageing: Object.fromEntries(
        AGE_BUCKETS.map((b) => [
          b.label,
          openAsOf.filter((c) => dayNumber(asOf) - dayNumber(c.raised_on) >= b.min && dayNumber(asOf) - dayNumber(c.raised_on) <= b.max).length,
        ]),
      ) as Record<(typeof PACK_AGE_BUCKETS)[number], number>,
      meanDaysToClose: daysToClose.length ? daysToClose.reduce((a, b) => a + b, 0) / daysToClose.length : null,
      medianDaysToClose: median(daysToClose),
    },
    audits: audits.map((a) => ({
      reference: `IA-${a.number}`,
      status: a.status as AuditStatus,
      fieldworkStart: a.fieldwork_start,
      fieldworkEnd: a.fieldwork_end,
      results: countBy(
        results.filter((r) => r.audit_id === a.id),
        (r) => r.result,
      ),
    })),
    coverage: { required: required.size, auditedInPeriod: audited.size },
    certification: certification
      ? {
          status: certification.status as CertificationStatus,
          body: certification.certification_body,
          decisionDate: certification.decision_date,
          expiryDate: certification.expiry_date,
          nextDue: certification.next_due_item ? { item: certification.next_due_item, date: certification.next_due_date } : null,
          comingExternalAudits: certification.planned_audits as Pick<PlannedExternalAudit, 'kind' | 'dueDate'>[],
        }
      : null,
    aiRisks,
    readiness: {
      asOf: gapAssessment.asOf,
      overall: gapAssessment.overall,
      counts: gapAssessment.counts,
      groups: gapAssessment.groups,
      remediation: gapAssessment.remediation.slice(0, 10),
      trend: gapAssessment.trend.map((t) => ({ month: t.month, overall: t.overall })),
    },
    inputs: REVIEW_INPUTS.map((input) => ({
      id: input.id as ReviewInputId,
      title: input.title,
      text: inputs[input.id]?.text ?? null,
      submittedAt: inputs[input.id]?.submittedAt ?? null,
    })),
  };
}

export type ReviewPack = NonNullable<Awaited<ReturnType<typeof compileReviewPack>>>;
