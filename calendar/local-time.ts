import { IANAZone } from 'luxon';
import { dateOfEpochDay, epochDayOf } from './iso-date';

export { addCalendarDays, compareDates, isValidIsoDate } from './iso-date';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function requireZone(name: string): IANAZone {
  const zone = typeof name === 'string' ? IANAZone.create(name) : undefined;
  if (!zone?.isValid) throw new RangeError(`unknown IANA time zone ${JSON.stringify(name)}`);
  return zone;
}

function minutesOfDay(localTime: string): number {
  const match = typeof localTime === 'string' ? LOCAL_TIME.exec(localTime) : null;
  if (!match) throw new RangeError(`local time must be HH:mm (00:00-23:59), got ${JSON.stringify(localTime)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The instant a wall clock in `zone` shows `localTime` on `date`.
 *
 * Chosen explicitly rather than left to luxon, whose rules differ: in a DST gap (02:30 on a
 * spring-forward day) this returns the transition itself, the first instant that exists after
 * the requested time (luxon would add the gap, giving 03:30); in an overlap it returns the
 * earlier of the two instants (luxon picks the later), so a reminder is never sent an hour late.
 */
export function instantAt(date: string, localTime: string, zone: string): Date {
  const tz = requireZone(zone);
  const wall = epochDayOf(date) * DAY_MS + minutesOfDay(localTime) * MINUTE_MS;
  // Transitions are hours apart at most; offsets a day either side bracket any that matters here.
  const offsets = new Set([tz.offset(wall - DAY_MS), tz.offset(wall), tz.offset(wall + DAY_MS)]);
  const candidates = [...offsets].map((offset) => wall - offset * MINUTE_MS).sort((a, b) => a - b);
  const exact = candidates.find((instant) => instant + tz.offset(instant) * MINUTE_MS === wall);
  if (exact !== undefined) return new Date(exact);
  return new Date(firstInstantWithNewOffset(tz, candidates[0]!, candidates[candidates.length - 1]!));
}

/** Bisects to the millisecond at which the zone's offset changes between `before` and `after`. */
function firstInstantWithNewOffset(tz: IANAZone, before: number, after: number): number {
  const offsetBefore = tz.offset(before);
  let lo = before;
  let hi = after;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (tz.offset(mid) === offsetBefore) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The calendar date a wall clock in `zone` shows at `instant`. */
export function localDateOf(instant: Date, zone: string): string {
  const tz = requireZone(zone);
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError('instant must be a valid Date');
  return dateOfEpochDay(Math.floor((ms + tz.offset(ms) * MINUTE_MS) / DAY_MS));
}
