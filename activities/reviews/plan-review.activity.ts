import { addMonthsClamped } from '../../calendar/cadence';
import { instantAt } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import type { PlannedReview, ReviewCycleState } from '../../domain/review';
import { loadAimsSettings } from '../load-aims-settings';

/** Dates and instants of review `index` of a cycle: meeting, opening, inputs due (AIMS calendar and zone). */
export function createPlanReview({ db }: { db: Db }) {
  return async function planReview(input: Pick<ReviewCycleState, 'aimsId' | 'firstMeetingDate' | 'intervalMonths'> & { index: number }): Promise<PlannedReview> {
    const { calendar, policy, aims } = await loadAimsSettings(db, input.aimsId);
    const meetingDate = calendar.onOrAfter(addMonthsClamped(input.firstMeetingDate, input.index * input.intervalMonths));
    const meetingAt = instantAt(meetingDate, policy.reviewMeetingTime, aims.time_zone);
    return {
      index: input.index,
      meetingDate,
      meetingAt: meetingAt.toISOString(),
      meetingEndsAt: new Date(meetingAt.getTime() + policy.reviewMeetingMinutes * 60_000).toISOString(),
      opensAt: instantAt(calendar.addWorkingDays(meetingDate, -policy.reviewOpensWorkingDaysBefore), policy.sendAt, aims.time_zone).toISOString(),
      inputsDue: calendar.addWorkingDays(meetingDate, -policy.reviewInputsDueWorkingDaysBefore),
    };
  };
}
