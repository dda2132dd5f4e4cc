import { DateTime } from 'luxon';
import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import type { AimsFeed } from '../../services/calendar-feeds';
import { html } from '../../domain/html';
import { page } from '../layout';

interface Entry {
  /** Calendar date in the AIMS zone: what the month grouping and order go by. */
  date: string;
  when: string;
  what: string;
  kind: 'internal audit' | 'planned audit' | 'management review' | 'external audit' | 'certificate';
  status: string;
}

const EXTERNAL_NAMES: Record<string, string> = {
  'surveillance-1': 'Surveillance audit 1',
  'surveillance-2': 'Surveillance audit 2',
  recertification: 'Recertification audit',
};
const externalName = (kind: string) => EXTERNAL_NAMES[kind] ?? `External audit (${kind})`;

/** Everything dated in the AIMS's cycles, from the same read model as its iCalendar feed. */
function entriesOf(feed: AimsFeed): Entry[] {
  const zone = feed.aims.zone;
  const entries: Entry[] = [
    ...feed.audits.map((a) => ({
      date: a.fieldworkStart,
      when: `${a.fieldworkStart} – ${a.fieldworkEnd}`,
      what: `IA-${a.number} internal audit fieldwork (${a.scope.length} items)`,
      kind: 'internal audit' as const,
      status: a.status,
    })),
    ...feed.plannedAudits.map((o) => ({
      date: o.fieldworkStart,
      when: `from ${o.fieldworkStart}`,
      what: `Internal audit, occurrence ${o.index + 1}`,
      kind: 'planned audit' as const,
      status: 'planned',
    })),
    ...feed.reviews.map((r) => {
      const local = DateTime.fromJSDate(r.meetingAt, { zone });
      return {
        date: local.toISODate()!,
        when: local.toFormat("yyyy-LL-dd HH:mm '('ZZZZ')'"),
        what: `MR-${r.number} management review meeting`,
        kind: 'management review' as const,
        status: '',
      };
    }),
    ...feed.plannedReviews.map((r) => {
      const local = DateTime.fromJSDate(r.meetingAt, { zone });
      return {
        date: local.toISODate()!,
        when: local.toFormat("yyyy-LL-dd HH:mm '('ZZZZ')'"),
        what: `Management review meeting, review ${r.index + 1}`,
        kind: 'management review' as const,
        status: 'planned',
      };
    }),
  ];
  const cert = feed.certification;
  if (cert) {
    const held = new Set(cert.externalAudits.map((a) => a.kind));
    for (const audit of cert.externalAudits)
      entries.push({ date: audit.date, when: audit.date, what: externalName(audit.kind), kind: 'external audit', status: audit.outcome });
    for (const planned of cert.plannedAudits.filter((p) => !held.has(p.kind)))
      entries.push({ date: planned.dueDate, when: `by ${planned.dueDate}`, what: externalName(planned.kind), kind: 'external audit', status: 'due' });
    if (cert.expiryDate)
      entries.push({
        date: cert.expiryDate,
        when: cert.expiryDate,
        what: `Certificate expires (cycle ${cert.cycle})`,
        kind: 'certificate',
        status: cert.status,
      });
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date) || a.what.localeCompare(b.what));
}

/** The programme as `GET /aims/{id}/programme` returns it: what a programme manager steers. */
/** What GET /aims/{id}/programme answers. */
export type ProgrammeState = ApiAnswer<'get', '/aims/:id/programme'>;

export interface CalendarData {
  person: Person;
  aims: { id: string; name: string }[];
  feed: AimsFeed | undefined;
  /** Given to programme managers when the AIMS has a programme. */
  programme?: ProgrammeState;
  notice?: string;
  error?: string;
}

/** Pause or resume the programme, move or skip a coming occurrence (programme managers). */
function programmeControls(aimsId: string, programme: ProgrammeState) {
  const hidden = (index?: number) =>
    html`<input type="hidden" name="aimsId" value="${aimsId}" />${index === undefined ? '' : html`<input type="hidden" name="index" value="${index}" />`}`;
  const toggle = programme.paused ? 'resume' : 'pause';
  return html`<section class="card" aria-labelledby="programme-h">
    <h2 id="programme-h">Audit programme (${programme.cadence}${programme.paused ? ', paused' : ''})</h2>
    <form method="post" action="/ui/calendar/programme/${toggle}" aria-label="${programme.paused ? 'Resume the programme' : 'Pause the programme'}">
      ${hidden()} <label for="p-reason">Reason</label><textarea id="p-reason" name="reason" required></textarea>
      <p><button type="submit">${programme.paused ? 'Resume the programme' : 'Pause the programme'}</button></p>
    </form>
    <table>
      <caption>
        Coming occurrences
      </caption>
      <thead>
        <tr>
          <th scope="col">Fieldwork from</th>
          <th scope="col">Status</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        ${programme.upcoming.map(
          (o) =>
            html`<tr class="occurrence">
              <td>${o.fieldworkStart}</td>
              <td>${o.status}${o.reason ? html`: ${o.reason}` : ''}</td>
              <td>
                ${
                  o.status === 'skipped'
                    ? ''
                    : html`<details>
                        <summary>Move or skip occurrence ${o.index + 1}</summary>
                        <form method="post" action="/ui/calendar/programme/move" aria-label="Move occurrence ${o.index + 1}">
                          ${hidden(o.index)} <label for="m-date-${o.index}">New fieldwork start</label
                          ><input id="m-date-${o.index}" name="fieldworkStart" type="date" required /> <label for="m-reason-${o.index}">Reason</label
                          ><textarea id="m-reason-${o.index}" name="reason" required></textarea>
                          <p><button type="submit">Move</button></p>
                        </form>
                        <form method="post" action="/ui/calendar/programme/skip" aria-label="Skip occurrence ${o.index + 1}">
                          ${hidden(o.index)} <label for="s-reason-${o.index}">Reason for skipping</label
                          ><textarea id="s-reason-${o.index}" name="reason" required></textarea>
                          <p><button type="submit">Skip</button></p>
                        </form>
                      </details>`
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** The audit programme's calendar: audits, reviews and external audits of one AIMS, month by month. */
export function calendarPage(d: CalendarData): string {
  const chooser = html`<form class="filters card" method="get" action="/ui/calendar">
    <div>
      <label for="f-aims">AIMS</label
      ><select id="f-aims" name="aimsId">
        ${d.aims.map((a) => html`<option value="${a.id}" ${a.id === d.feed?.aims.id ? html` selected` : ''}>${a.name}</option>`)}
      </select>
    </div>
    <button type="submit">Show</button>
  </form>`;
  if (!d.feed)
    return page({
      title: 'Audit calendar',
      person: d.person,
      body: html`${chooser}
        <p class="notice">No AIMS yet.</p>`,
    });
  const months = new Map<string, Entry[]>();
  for (const entry of entriesOf(d.feed)) months.set(entry.date.slice(0, 7), [...(months.get(entry.date.slice(0, 7)) ?? []), entry]);
  const outcome = html`${d.notice ? html`<p class="notice" role="status">${d.notice}</p>` : ''}${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ''}`;
  const body = html`${outcome}${chooser}
    <p class="muted">Dates in ${d.feed.aims.zone}.</p>
    ${d.programme ? programmeControls(d.feed.aims.id, d.programme) : ''}
    ${
      months.size
        ? [...months].map(
            ([month, entries]) =>
              html`<section class="card calendar-month" aria-labelledby="m-${month}">
                <h2 id="m-${month}">${DateTime.fromISO(`${month}-01`).toFormat('LLLL yyyy')}</h2>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">What</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${entries.map(
                      (e) =>
                        html`<tr class="calendar-entry">
                          <td>${e.when}</td>
                          <td>${e.what}</td>
                          <td>${e.kind}</td>
                          <td>${e.status}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
              </section>`,
          )
        : html`<p class="notice">Nothing planned yet: start the audit programme, the review cycle or the certification.</p>`
    }`;
  return page({ title: `Audit calendar: ${d.feed.aims.name}`, person: d.person, body });
}
