import { createHash } from 'node:crypto';
import { addMonthsClamped } from '../calendar/cadence';
import { instantAt } from '../calendar/local-time';
import type { PlannedReview, ReviewCycleState } from '../domain/review';
import type { AimsSettings } from './aims-settings';

/** Fixed namespace of review ids (a random UUID chosen once; changing it would change every planned review's id). */
const REVIEW_ID_NAMESPACE = '6c1f3d2a-8b4e-4f7a-9d0c-2e5b7a9c1f43';

/**
 * The id review `index` of an AIMS's cycle will have once it opens (a name-based UUID, version 5).
 * Known before the review opens, so a planned review in a feed carries the same UID as the
 * invitation sent when it opens, and calendar apps update the event instead of adding a second.
 */
export function plannedReviewId(aimsId: string, index: number): string {
  const namespace = Buffer.from(REVIEW_ID_NAMESPACE.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(`${aimsId}/${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type ReviewToPlan = Pick<ReviewCycleState, 'aimsId' | 'firstMeetingDate' | 'intervalMonths'> & { index: number };

/**
 * Dates and instants of review `index` of a cycle: meeting, opening, inputs due (AIMS calendar
 * and zone). The one planning rule: the cycle workflow asks it through the `planReview` activity,
 * and the reads of planned reviews call it directly.
 */
export function planReviewWith({ calendar, policy, aims }: AimsSettings, input: ReviewToPlan): PlannedReview {
  const meetingDate = calendar.onOrAfter(addMonthsClamped(input.firstMeetingDate, input.index * input.intervalMonths));
  const meetingAt = instantAt(meetingDate, policy.reviewMeetingTime, aims.time_zone);
  return {
    index: input.index,
    reviewId: plannedReviewId(input.aimsId, input.index),
    meetingDate,
    meetingAt: meetingAt.toISOString(),
    meetingEndsAt: new Date(meetingAt.getTime() + policy.reviewMeetingMinutes * 60_000).toISOString(),
    opensAt: instantAt(calendar.addWorkingDays(meetingDate, -policy.reviewOpensWorkingDaysBefore), policy.sendAt, aims.time_zone).toISOString(),
    inputsDue: calendar.addWorkingDays(meetingDate, -policy.reviewInputsDueWorkingDaysBefore),
  };
}
