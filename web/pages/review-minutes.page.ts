import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { DECISION_KINDS } from '../../domain/review';
import { html } from '../../domain/html';
import { input, select, textarea, typedOr, type Option } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';

type Review = ApiAnswer<'get', '/reviews/:id'>;

/** How many decision rows the meeting form offers; rows left blank are not decisions. */
export const DECISION_ROWS = [1, 2, 3];
const KIND_TEXT: Record<(typeof DECISION_KINDS)[number], string> = {
  improvement: 'Opportunity for continual improvement (9.3.3)',
  change: 'Change to the AIMS (9.3.3)',
};

/** A review's meeting record (attendees, minutes, decisions with optional actions) and the chair's approval. */
export function reviewMinutesPage(data: { person: Person; review: Review; people: Option[]; outcome: Outcome }): string {
  const { review } = data;
  const names = new Map(data.people.map((p) => [p.value, p.text]));
  const typed = typedFor(data.outcome, 'meeting');
  const value = (name: string, fallback?: string | string[]) => typedOr(typed, name, fallback);
  const recorded = review.minutes !== null;
  const meeting = recorded
    ? html`<section class="card" aria-labelledby="minutes-title">
        <h2 id="minutes-title">Minutes</h2>
        <dl class="facts">
          <dt>Attendees</dt>
          <dd>${review.attendeeIds.map((id) => names.get(id) ?? id).join(', ')}</dd>
          <dt>Minutes</dt>
          <dd>${review.minutes}</dd>
        </dl>
        <ul>
          ${review.decisions.map((d) => html`<li class="decision">${KIND_TEXT[d.kind]}: ${d.text}${d.actionTaskId ? ' (with an action)' : ''}</li>`)}
        </ul>
      </section>`
    : formCard(data.outcome, {
        form: 'meeting',
        title: 'Record the meeting',
        action: `/ui/reviews/${review.id}/minutes`,
        submit: 'Record the meeting',
        fields: [
          select({
            id: 'm-attendees',
            name: 'attendeeIds',
            label: 'Attendees',
            options: data.people,
            value: value('attendeeIds', review.attendeeIds),
            multiple: true,
          }),
          textarea({ id: 'm-minutes', name: 'minutes', label: 'Minutes', value: first(value('minutes')), required: true }),
          ...DECISION_ROWS.map(
            (n) =>
              html`<fieldset>
                <legend>Decision ${n} (optional)</legend>
                ${select({ id: `m-d${n}-kind`, name: `decision${n}Kind`, label: 'Kind', options: DECISION_KINDS.map((k) => ({ value: k, text: KIND_TEXT[k] })), value: value(`decision${n}Kind`) })}
                ${textarea({ id: `m-d${n}-text`, name: `decision${n}Text`, label: 'Decision', value: first(value(`decision${n}Text`)) })}
                ${input({ id: `m-d${n}-action`, name: `decision${n}Action`, label: 'Action (optional)', value: first(value(`decision${n}Action`)) })}
                ${select({ id: `m-d${n}-owner`, name: `decision${n}Owner`, label: 'Action owner', options: data.people, value: value(`decision${n}Owner`) })}
                ${input({ id: `m-d${n}-due`, name: `decision${n}Due`, label: 'Action due', type: 'date', value: first(value(`decision${n}Due`)) })}
              </fieldset>`,
          ),
        ],
      });
  const approval =
    review.status === 'closed'
      ? html`<p class="notice">The chair approved the minutes on ${review.approvedAt?.slice(0, 10)}; the review is closed.</p>`
      : recorded
        ? formCard(data.outcome, {
            form: 'approval',
            title: 'Approve the minutes',
            action: `/ui/reviews/${review.id}/approval`,
            submit: 'Approve the minutes',
            fields: html`<p>Only the chair, ${names.get(review.chairId) ?? ''}, approves; the review then closes.</p>`,
          })
        : '';
  const body = html`${data.outcome.notice ? html`<p class="notice" role="status">${data.outcome.notice}</p>` : ''}
    <p>
      <a href="/ui/reviews/${review.id}">The review</a> · meeting ${review.meetingAt.slice(0, 16).replace('T', ' ')} UTC · ${review.status.replaceAll('_', ' ')}
    </p>
    ${meeting} ${approval}`;
  return page({ title: `${review.reference} meeting record`, person: data.person, body });
}
