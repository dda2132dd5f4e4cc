import { DateTime } from 'luxon';
import type { Person } from '../../db/tables/people.table';
import type { AimsFeed } from '../../services/calendar-feeds';
import { html } from '../html';
import { page } from '../layout';

interface Entry {
  /** Calendar date in the AIMS zone: what the month grouping and order go by. */
  date: string;
  when: string;
  what: string;
  kind: 'internal audit' | 'planned audit' | 'management review' | 'external audit' | 'certificate';
  status: string;
}

const EXTERNAL_NAMES: Record<string, string> = { 'surveillance-1': 'Surveillance audit 1', 'surveillance-2': 'Surveillance audit 2', recertification: 'Recertification audit' };
const externalName = (kind: string) => EXTERNAL_NAMES[kind] ?? `External audit (${kind})`;

/** Everything dated in the AIMS's cycles, from the same read model as its iCalendar feed. */
function entriesOf(feed: AimsFeed): Entry[] {
  const zone = feed.aims.zone;
  const entries: Entry[] = [
    ...feed.audits.map((a) => ({ date: a.fieldworkStart, when: `${a.fieldworkStart} – ${a.fieldworkEnd}`, what: `IA-${a.number} internal audit fieldwork (${a.scope.length} items)`, kind: 'internal audit' as const, status: a.status })),
    ...feed.plannedAudits.map((o) => ({ date: o.fieldworkStart, when: `from ${o.fieldworkStart}`, what: `Internal audit, occurrence ${o.index + 1}`, kind: 'planned audit' as const, status: 'planned' })),
    ...feed.reviews.map((r) => {
      const local = DateTime.fromJSDate(r.meetingAt, { zone });
      return { date: local.toISODate()!, when: local.toFormat("yyyy-LL-dd HH:mm '('ZZZZ')'"), what: `MR-${r.number} management review meeting`, kind: 'management review' as const, status: '' };
    }),
  ];
  const cert = feed.certification;
  if (cert) {
    const held = new Set(cert.externalAudits.map((a) => a.kind));
    for (const audit of cert.externalAudits) entries.push({ date: audit.date, when: audit.date, what: externalName(audit.kind), kind: 'external audit', status: audit.outcome });
    for (const planned of cert.plannedAudits.filter((p) => !held.has(p.kind))) entries.push({ date: planned.dueDate, when: `by ${planned.dueDate}`, what: externalName(planned.kind), kind: 'external audit', status: 'due' });
    if (cert.expiryDate) entries.push({ date: cert.expiryDate, when: cert.expiryDate, what: `Certificate expires (cycle ${cert.cycle})`, kind: 'certificate', status: cert.status });
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date) || a.what.localeCompare(b.what));
}

export interface CalendarData {
  person: Person;
  aims: { id: string; name: string }[];
  feed: AimsFeed | undefined;
}

/** The audit programme's calendar: audits, reviews and external audits of one AIMS, month by month. */
export function calendarPage(d: CalendarData): string {
  const chooser = html`<form class="filters card" method="get" action="/ui/calendar">
<div><label for="f-aims">AIMS</label><select id="f-aims" name="aimsId">${d.aims.map(
    (a) => html`<option value="${a.id}"${a.id === d.feed?.aims.id ? html` selected` : ''}>${a.name}</option>`,
  )}</select></div><button type="submit">Show</button></form>`;
  if (!d.feed) return page({ title: 'Audit calendar', person: d.person, body: html`${chooser}<p class="notice">No AIMS yet.</p>` });
  const months = new Map<string, Entry[]>();
  for (const entry of entriesOf(d.feed)) months.set(entry.date.slice(0, 7), [...(months.get(entry.date.slice(0, 7)) ?? []), entry]);
  const body = html`${chooser}<p class="muted">Dates in ${d.feed.aims.zone}.</p>
${
  months.size
    ? [...months].map(
        ([month, entries]) => html`<section class="card calendar-month" aria-labelledby="m-${month}">
<h2 id="m-${month}">${DateTime.fromISO(`${month}-01`).toFormat('LLLL yyyy')}</h2>
<table><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Kind</th><th scope="col">Status</th></tr></thead>
<tbody>${entries.map((e) => html`<tr class="calendar-entry"><td>${e.when}</td><td>${e.what}</td><td>${e.kind}</td><td>${e.status}</td></tr>`)}</tbody></table>
</section>`,
      )
    : html`<p class="notice">Nothing planned yet: start the audit programme, the review cycle or the certification.</p>`
}`;
  return page({ title: `Audit calendar: ${d.feed.aims.name}`, person: d.person, body });
}
