/**
 * ISO calendar dates ('YYYY-MM-DD') as plain strings, with arithmetic done on day numbers.
 * Due dates are calendar dates in the AIMS zone end to end; routing them through a JavaScript
 * Date would silently attach a zone (and, in node-postgres, local midnight) to them.
 */

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 1970-01-01 was a Thursday: ISO weekday 4. */
const EPOCH_ISO_WEEKDAY_OFFSET = 3;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function parseIsoDate(value: string): DateParts | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Strict: four-digit year, two-digit month and day, and the day exists (no 2027-02-30). */
export function isValidIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

/** Parses or throws, so a malformed date fails where it enters instead of producing a wrong one. */
export function requireIsoDate(value: string, what = 'date'): DateParts {
  const parts = parseIsoDate(value);
  if (!parts) throw new RangeError(`${what} must be an existing ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return parts;
}

export function requireInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be an integer, got ${String(value)}`);
  return value;
}

export function formatIsoDate({ year, month, day }: DateParts): string {
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} is outside the ISO date range 0000-9999`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil),
 * exact for every year, unlike Date.UTC which maps years 0-99 to 1900-1999.
 */
export function toEpochDay({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function fromEpochDay(epochDay: number): DateParts {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function epochDayOf(date: string): number {
  return toEpochDay(requireIsoDate(date));
}

export function dateOfEpochDay(epochDay: number): string {
  return formatIsoDate(fromEpochDay(epochDay));
}

export function addCalendarDays(date: string, days: number): string {
  return dateOfEpochDay(epochDayOf(date) + requireInteger(days, 'days'));
}

/** Negative, zero or positive like a sort comparator; validates both so '2027-1-5' cannot sort. */
export function compareDates(a: string, b: string): number {
  return Math.sign(epochDayOf(a) - epochDayOf(b));
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return ((((epochDayOf(date) + EPOCH_ISO_WEEKDAY_OFFSET) % 7) + 7) % 7) + 1;
}
