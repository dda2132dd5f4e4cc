import type { Db } from '../../db/database';
import { getReviewNumber, storeReviewPackOf, upsertReviewCycleIfNewer, upsertReviewIfNewer } from '../../db/repositories/review.repository';
import { saveItem } from '../../db/save-item';
import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import type { ReviewCycleState, ReviewState } from '../../domain/review';
import type { WorkflowChange } from '../../domain/workflow-change';
import { compileReviewPack } from '../../services/review-pack';

/** Writes a review, its tasks and the change's audit-trail entries in one transaction (version-guarded). */
export function createSaveReview({ db }: { db: Db }) {
  return async function saveReview(input: { state: ReviewState; changes: WorkflowChange[]; emails?: QueuedEmail[] }): Promise<{ number: number }> {
    const s = input.state;
    return db.transaction().execute(async (trx) => {
      const row = {
        id: s.id,
        aims_id: s.aimsId,
        workflow_id: s.workflowId,
        review_index: s.index,
        status: s.status,
        chair_id: s.chairId,
        attendee_ids: s.attendeeIds,
        meeting_date: s.meetingDate,
        meeting_at: new Date(s.meetingAt),
        inputs: JSON.stringify(s.inputs),
        minutes: s.minutes,
        decisions: JSON.stringify(s.decisions),
        approved_at: s.approvedAt ? new Date(s.approvedAt) : null,
        version: s.version,
      };
      const saved = await saveItem(trx, {
        workflowId: s.workflowId,
        aimsId: s.aimsId,
        changes: input.changes,
        emails: input.emails,
        upsert: (t) => upsertReviewIfNewer(t, row),
        tasks: { list: Object.values(s.tasks), version: s.version },
      });
      return { number: saved?.number ?? (await getReviewNumber(trx, s.id)) };
    });
  };
}

/** Compiles the pack from the record and keeps it with the review, as it stood for the meeting. */
export function createStoreReviewPack({ db }: { db: Db }) {
  return async function storeReviewPack(input: { reviewId: string; at: string }): Promise<void> {
    const pack = await compileReviewPack(db, input.reviewId, new Date(input.at));
    await storeReviewPackOf(db, input.reviewId, pack);
  };
}

/**
 * Writes the review cycle's settings (version-guarded, as reviews are) with the change's audit
 * entries: the API reads planned reviews from this row, the reviews table holds each opened one.
 */
export function createSaveReviewCycle({ db }: { db: Db }) {
  return async function saveReviewCycle(input: { state: ReviewCycleState; changes: WorkflowChange[] }): Promise<void> {
    const s = input.state;
    const row = {
      aims_id: s.aimsId,
      workflow_id: s.workflowId,
      chair_id: s.chairId,
      attendee_ids: s.attendeeIds,
      input_owners: JSON.stringify(s.inputOwners),
      first_meeting_date: s.firstMeetingDate,
      interval_months: s.intervalMonths,
      next_index: s.nextIndex,
      version: s.version,
    };
    await db.transaction().execute(async (trx) => {
      await saveItem(trx, {
        workflowId: s.workflowId,
        aimsId: s.aimsId,
        changes: input.changes,
        upsert: (t) => upsertReviewCycleIfNewer(t, row),
      });
    });
  };
}
