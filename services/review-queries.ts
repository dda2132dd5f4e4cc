import type { Db } from '../db/database';
import { findReviewWithToday } from '../db/repositories/review.repository';
import { listTasksOfItem } from '../db/repositories/task.repository';
import { todayInAimsZone } from '../db/today-in-aims-zone';
import { toTaskDto } from './task-dto';
import type { ReviewDecision, ReviewState } from '../domain/review';
import { findTimeline } from './timeline';

/** A review row with the date it is today in its AIMS zone (for overdue tasks). */
export function findReviewRow(db: Db, now: Date, reviewId: string) {
  return findReviewWithToday(db, reviewId, todayInAimsZone(now));
}

export async function findReviewDetail(db: Db, now: Date, reviewId: string) {
  const row = await findReviewRow(db, now, reviewId);
  if (!row) return undefined;
  const [tasks, timeline] = await Promise.all([listTasksOfItem(db, reviewId), findTimeline(db, 'management_review', reviewId)]);
  return {
    id: row.id,
    reference: `MR-${row.number}`,
    aimsId: row.aims_id,
    status: row.status as ReviewState['status'],
    chairId: row.chair_id,
    attendeeIds: row.attendee_ids,
    meetingDate: row.meeting_date,
    meetingAt: row.meeting_at.toISOString(),
    inputs: row.inputs as ReviewState['inputs'],
    minutes: row.minutes,
    decisions: row.decisions as ReviewDecision[],
    approvedAt: row.approved_at?.toISOString() ?? null,
    tasks: tasks.map((t) => toTaskDto(t, row.today)),
    timeline,
  };
}
