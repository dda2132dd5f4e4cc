import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { REVIEW_INPUTS } from '../../domain/reference/iso42001';
import { html } from '../../domain/html';
import { input, select, typedOr, type Option } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';

type Cycle = ApiAnswer<'get', '/aims/:id/review-cycle'>;
type Reviews = ApiAnswer<'get', '/reviews'>;

export interface ReviewsData {
  person: Person;
  aims: { id: string; name: string };
  cycle?: Cycle;
  reviews: Reviews;
  people: Option[];
  outcome: Outcome;
}

function startForm(data: ReviewsData) {
  const typed = typedFor(data.outcome, 'cycle');
  const value = (name: string, fallback?: string) => typedOr(typed, name, fallback);
  return formCard(data.outcome, {
    form: 'cycle',
    title: 'Start the management review cycle',
    action: `/ui/aims/${data.aims.id}/reviews`,
    submit: 'Start the review cycle',
    fields: [
      select({ id: 'cycle-chair', name: 'chairId', label: 'Chair', options: data.people, value: value('chairId'), required: true }),
      select({ id: 'cycle-attendees', name: 'attendeeIds', label: 'Attendees', options: data.people, value: value('attendeeIds'), multiple: true }),
      html`<fieldset>
        <legend>Owners of the inputs (9.3.2)</legend>
        ${REVIEW_INPUTS.map((i) =>
          select({
            id: `cycle-input-${i.id}`,
            name: `input.${i.id}`,
            label: `${i.id}) ${i.title}`,
            options: data.people,
            value: value(`input.${i.id}`),
            required: true,
          }),
        )}
      </fieldset>`,
      input({ id: 'cycle-first', name: 'firstMeetingDate', label: 'First meeting', type: 'date', value: first(value('firstMeetingDate')), required: true }),
      input({
        id: 'cycle-interval',
        name: 'intervalMonths',
        label: 'Interval in months',
        type: 'number',
        hint: 'default 12',
        value: first(value('intervalMonths')),
      }),
    ],
  });
}

/** An AIMS's management reviews: the cycle (or the form that starts it), the planned meetings before they open, the opened reviews. */
export function reviewsPage(data: ReviewsData): string {
  const names = new Map(data.people.map((p) => [p.value, p.text]));
  const cycle = data.cycle
    ? html`<dl class="facts">
        <dt>Chair</dt>
        <dd>${names.get(data.cycle.chairId) ?? '—'}</dd>
        <dt>Attendees</dt>
        <dd>${data.cycle.attendeeIds.map((id) => names.get(id) ?? id).join(', ') || '—'}</dd>
        <dt>Interval</dt>
        <dd>${data.cycle.intervalMonths} months from ${data.cycle.firstMeetingDate}</dd>
      </dl>`
    : startForm(data);
  const planned = data.reviews.planned.map(
    (r) =>
      html`<tr class="planned-review">
        <td>${r.index + 1}</td>
        <td>${r.meetingDate}</td>
        <td>${r.opensAt.slice(0, 10)}</td>
        <td>${r.inputsDue}</td>
      </tr>`,
  );
  const opened = data.reviews.items.map(
    (r) =>
      html`<tr class="opened-review">
        <td><a href="/ui/reviews/${r.id}">${r.reference}</a></td>
        <td>${r.meetingDate}</td>
        <td>${r.status.replaceAll('_', ' ')}</td>
        <td><a href="/ui/reviews/${r.id}/minutes">Meeting record and approval</a></td>
      </tr>`,
  );
  const body = html`${data.outcome.notice ? html`<p class="notice" role="status">${data.outcome.notice}</p>` : ''}
    <p><a href="/ui/aims/${data.aims.id}">${data.aims.name}</a></p>
    ${cycle}
    <table>
      <caption>
        Planned reviews (not opened yet)
      </caption>
      <thead>
        <tr>
          <th scope="col">Review</th>
          <th scope="col">Meeting</th>
          <th scope="col">Opens</th>
          <th scope="col">Inputs due</th>
        </tr>
      </thead>
      <tbody>
        ${
          planned.length
            ? planned
            : html`<tr>
                <td colspan="4">None planned.</td>
              </tr>`
        }
      </tbody>
    </table>
    <table>
      <caption>
        Opened reviews
      </caption>
      <thead>
        <tr>
          <th scope="col">Review</th>
          <th scope="col">Meeting</th>
          <th scope="col">Status</th>
          <th scope="col">Record</th>
        </tr>
      </thead>
      <tbody>
        ${
          opened.length
            ? opened
            : html`<tr>
                <td colspan="4">None opened yet.</td>
              </tr>`
        }
      </tbody>
    </table>`;
  return page({ title: 'Management reviews', person: data.person, body });
}
