import { daysInMonth, formatIsoDate, requireInteger, requireIsoDate } from './iso-date';

import { CADENCE_MONTHS, type Cadence } from '../domain/cadence';

// The cadences live in domain/ (workflow code reads them too); the arithmetic over them lives here.
export { CADENCE_MONTHS, type Cadence };

/** Moves by whole months and clamps the day to the target month's end (Jan 31 + 1 month = Feb 28). */
export function addMonthsClamped(date: string, months: number): string {
  const { year, month, day } = requireIsoDate(date);
  const monthIndex = year * 12 + (month - 1) + requireInteger(months, 'months');
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatIsoDate({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

/** A 29 February date lands on 28 February in a common year (certificate expiry, spec). */
export function addYearsClamped(date: string, years: number): string {
  return addMonthsClamped(date, requireInteger(years, 'years') * 12);
}

/**
 * The `index`-th planned date of a programme anchored on `anchor` (index 0 is the anchor).
 * Always computed from the anchor, never from the previous occurrence: stepping from a clamped
 * date would let a 31st anchor drift to the 28th for good after February.
 */
export function occurrenceDate(anchor: string, cadence: Cadence, index: number): string {
  if (!Object.hasOwn(CADENCE_MONTHS, cadence)) throw new RangeError(`unknown cadence ${JSON.stringify(cadence)}`);
  return addMonthsClamped(anchor, requireInteger(index, 'index') * CADENCE_MONTHS[cadence]);
}
