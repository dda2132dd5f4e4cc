import { addCalendarDays, epochDayOf, isoWeekday } from '../../calendar/iso-date';
import { instantAt, localDateOf } from '../../calendar/local-time';
import { DEFAULT_POLICY } from '../../domain/policy';

export type DigestKind = 'weekly' | 'monthly';

/** One digest period of one recipient: its key (2026-W49, 2026-12) and the instant it is sent. */
export interface DigestPeriod {
  kind: DigestKind;
  key: string;
  at: Date;
}

// Digests span every AIMS, so no AIMS policy applies; they go out at the policy's default hour.
const SEND_AT = DEFAULT_POLICY.sendAt;

/** The local date the period starts on, and the local date its digest goes out. */
function periodOfDate(kind: DigestKind, date: string): { start: string; sendDate: string; key: string } {
  if (kind === 'weekly') {
    const monday = addCalendarDays(date, 1 - isoWeekday(date));
    return { start: monday, sendDate: monday, key: isoWeekKey(monday) };
  }
  const first = `${date.slice(0, 7)}-01`;
  const weekday = isoWeekday(first);
  // The first Monday-to-Friday of the month: the 1st, or the Monday after a weekend 1st.
  const sendDate = weekday <= 5 ? first : addCalendarDays(first, 8 - weekday);
  return { start: first, sendDate, key: date.slice(0, 7) };
}

/** ISO 8601 week of a Monday: the week belongs to the year its Thursday falls in. */
function isoWeekKey(monday: string): string {
  const thursday = addCalendarDays(monday, 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor((epochDayOf(thursday) - epochDayOf(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The period of `kind` that contains `instant` on the recipient's wall clock, with its send instant. */
export function periodContaining(kind: DigestKind, instant: Date, zone: string): DigestPeriod {
  const p = periodOfDate(kind, localDateOf(instant, zone));
  return { kind, key: p.key, at: instantAt(p.sendDate, SEND_AT, zone) };
}

/** The first send instant of `kind` in `zone` strictly after `after`. */
export function nextDigestInstant(kind: DigestKind, after: Date, zone: string): Date {
  const local = localDateOf(after, zone);
  const current = periodOfDate(kind, local);
  const currentAt = instantAt(current.sendDate, SEND_AT, zone);
  if (currentAt.getTime() > after.getTime()) return currentAt;
  // A month is at most 31 days, so 32 days after its 1st lands in the next month.
  const nextStart = kind === 'weekly' ? addCalendarDays(current.start, 7) : addCalendarDays(current.start, 32);
  return instantAt(periodOfDate(kind, nextStart).sendDate, SEND_AT, zone);
}
