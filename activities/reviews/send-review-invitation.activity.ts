import { missingRow } from '../classify-failure';
import { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import { findRecipients } from '../../db/repositories/people.repository';
import { findReviewForInvitation } from '../../db/repositories/review.repository';
import { html } from '../../domain/html';
import { notificationKey } from '../../domain/notification-key';
import { effectivePolicy } from '../../domain/policy';
import { addReviewMeeting, zonedCalendar, type ReviewMeeting } from '../../services/calendar-feeds';
import { sendOnce } from '../send-email.activity';
import type { TaskEmailDeps } from '../tasks/send-task-notification.activity';

/** The meeting as an iCalendar request in the AIMS zone, with its VTIMEZONE, one UID per review. */
export function reviewInvitation(review: ReviewMeeting & { chair: { name: string; email: string }; attendees: { name: string; email: string }[] }) {
  const calendar = zonedCalendar({ name: 'AIMS cycles', zone: review.zone, method: ICalCalendarMethod.REQUEST });
  addReviewMeeting(calendar, review)
    .organizer(review.chair)
    .attendees(review.attendees.map((a) => ({ name: a.name, email: a.email, rsvp: true })));
  return calendar.toString();
}

/** Invites the chair and the attendees, with the calendar invitation attached. */
export function createSendReviewInvitation(deps: TaskEmailDeps) {
  return async function sendReviewInvitation(input: { reviewId: string; at: string }): Promise<number> {
    const review = await findReviewForInvitation(deps.db, input.reviewId);
    if (!review) throw missingRow(`no review ${input.reviewId}`);
    const people = await findRecipients(deps.db, [review.chair_id, ...review.attendee_ids]);
    const chair = people.find((p) => p.id === review.chair_id)!;
    const invited = [...new Map([chair, ...people.filter((p) => review.attendee_ids.includes(p.id))].map((p) => [p.id, p])).values()].filter((p) => p.active);
    const url = `${deps.publicBaseUrl}/reviews/${review.id}`;
    const minutes = effectivePolicy(review.policy).reviewMeetingMinutes;
    const ics = reviewInvitation({
      id: review.id,
      number: review.number,
      meetingAt: review.meeting_at,
      minutes,
      zone: review.time_zone,
      url,
      chair,
      attendees: invited,
    });
    const when = DateTime.fromJSDate(review.meeting_at).setZone(review.time_zone).setLocale('en-GB').toFormat("cccc d LLLL yyyy, HH:mm '('z')'");
    let sent = 0;
    for (const person of invited) {
      const lead = `You are invited to management review MR-${review.number} on ${when}.`;
      const result = await sendOnce(deps, {
        dedupeKey: notificationKey({
          item: `review:${review.id}`,
          step: 'meeting',
          kind: 'invitation',
          dueDate: review.meeting_date,
          detail: `to:${person.id}`,
        }),
        to: person.email,
        aimsId: review.aims_id,
        subject: `[MR-${review.number}] Invitation: management review on ${when}`,
        text: `Hello ${person.name},\n\n${lead}\nThe review pack: ${url}\n\n-- AIMS cycles`,
        html: html`<p>Hello ${person.name},</p>
          <p>${lead}</p>
          <p><a href="${url}">Review pack</a></p>`.value,
        attachments: [{ filename: 'invite.ics', content: ics, contentType: 'text/calendar; method=REQUEST; charset=UTF-8' }],
        plannedFor: input.at,
      });
      if (!result.alreadySent) sent += 1;
    }
    return sent;
  };
}
