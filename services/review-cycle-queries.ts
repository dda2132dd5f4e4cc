import type { Db } from '../db/database';
import { findReviewCycleRow, listOpenedReviewIndexesFrom, listReviewCycleAimsIds } from '../db/repositories/review.repository';
import type { PlannedReview, ReviewInputId } from '../domain/review';
import { findAimsSettings } from './aims-settings';
import { planReviewWith } from './review-planning';

/** How many reviews not opened yet a read shows: three meetings ahead (three years at the default interval). */
const UPCOMING_REVIEWS = 3;

export interface PlannedReviewView extends Omit<PlannedReview, 'reviewId'> {
  aimsId: string;
  /** The id the review will have once it opens (GET /reviews/{id} answers 404 until then). */
  reviewId: string;
  status: 'planned';
}

export interface ReviewCycleView {
  aimsId: string;
  chairId: string;
  attendeeIds: string[];
  inputOwners: Record<ReviewInputId, string>;
  firstMeetingDate: string;
  intervalMonths: number;
  /** Index of the next review to open. */
  nextIndex: number;
  planned: PlannedReviewView[];
}

/**
 * The review cycle of an AIMS as the record has it, with its next meetings not opened yet.
 * Dates come from `planReviewWith`, the very rule the cycle workflow asks when it plans a
 * review, so what is shown now is what will open (unless the AIMS calendar changes meanwhile).
 */
export async function findReviewCycle(db: Db, aimsId: string, upcoming = UPCOMING_REVIEWS): Promise<ReviewCycleView | undefined> {
  const row = await findReviewCycleRow(db, aimsId);
  if (!row) return undefined;
  // A review is saved as opened just before the cycle moves past it: never show it twice.
  const opened = new Set(await listOpenedReviewIndexesFrom(db, aimsId, row.next_index));
  const settings = await findAimsSettings(db, aimsId);
  if (!settings) return undefined;
  const planned: PlannedReviewView[] = [];
  for (let index = row.next_index; planned.length < upcoming; index++) {
    if (opened.has(index)) continue;
    let plan: PlannedReview;
    try {
      plan = planReviewWith(settings, { aimsId, firstMeetingDate: row.first_meeting_date, intervalMonths: row.interval_months, index });
    } catch (error) {
      // A meeting past the calendar's range (year 9999 and on) cannot be planned: the list ends
      // there rather than failing every read that shows reviews.
      if (error instanceof RangeError) break;
      throw error;
    }
    planned.push({ ...plan, aimsId, reviewId: plan.reviewId!, status: 'planned' });
  }
  return {
    aimsId,
    chairId: row.chair_id,
    attendeeIds: row.attendee_ids,
    inputOwners: row.input_owners as Record<ReviewInputId, string>,
    firstMeetingDate: row.first_meeting_date,
    intervalMonths: row.interval_months,
    nextIndex: row.next_index,
    planned,
  };
}

/** Planned reviews of one AIMS or of all, by meeting date. */
export async function listPlannedReviews(db: Db, aimsId?: string, aimsIds?: readonly string[]): Promise<PlannedReviewView[]> {
  const cycles = await listReviewCycleAimsIds(db, aimsId, aimsIds);
  const planned = (await Promise.all(cycles.map((id) => findReviewCycle(db, id)))).flatMap((c) => c?.planned ?? []);
  return planned.sort((a, b) => a.meetingAt.localeCompare(b.meetingAt));
}
