import { IANAZone } from 'luxon';
import { isHolidayRegion, publicHolidays } from './holiday-region';
import { addCalendarDays, compareDates, isoWeekday, requireInteger, requireIsoDate } from './iso-date';

export { isHolidayRegion } from './holiday-region';

export interface CalendarSpec {
  /** IANA zone of the AIMS: the zone its calendar dates are read in. */
  timeZone: string;
  /** date-holidays code 'country[-state[-region]]' ('DE', 'DE-BY', 'GB-ENG'); null for none. */
  holidayRegion: string | null;
  /** Extra ISO dates the organisation is closed. */
  closedDays: readonly string[];
}

/**
 * A run of closed days longer than two years can only mean a calendar that never opens; scanning
 * stops there with an error instead of looping for ever.
 */
export const MAX_CONSECUTIVE_CLOSED_DAYS = 366 * 2;

/**
 * Working days of an AIMS: Monday to Friday, minus the region's public holidays (type 'public'
 * only; observances, optional, school and bank holidays leave the organisation open), minus its
 * closed days. Only activities use it; workflows receive the dates and instants it computed.
 */
export class WorkingCalendar {
  readonly timeZone: string;
  readonly holidayRegion: string | null;
  private readonly closedDays: ReadonlySet<string>;

  constructor(spec: CalendarSpec) {
    if (!IANAZone.isValidZone(spec.timeZone)) throw new RangeError(`unknown IANA time zone ${JSON.stringify(spec.timeZone)}`);
    if (spec.holidayRegion !== null && !isHolidayRegion(spec.holidayRegion)) {
      throw new RangeError(`unknown holiday region ${JSON.stringify(spec.holidayRegion)}`);
    }
    for (const day of spec.closedDays) requireIsoDate(day, 'closed day');
    this.timeZone = spec.timeZone;
    this.holidayRegion = spec.holidayRegion;
    this.closedDays = new Set(spec.closedDays);
  }

  isWorkingDay(date: string): boolean {
    return this.closureReason(date) === undefined;
  }

  /** Why the organisation is closed on `date`, most specific first: holiday name, 'weekend', 'closed day'. */
  closureReason(date: string): string | undefined {
    const holiday = this.holidayName(date);
    if (holiday !== undefined) return holiday;
    if (isoWeekday(date) >= 6) return 'weekend';
    if (this.closedDays.has(date)) return 'closed day';
    return undefined;
  }

  /** n > 0: the n-th working day after `date`; n < 0: the |n|-th before; 0: `date` itself, open or not. */
  addWorkingDays(date: string, n: number): string {
    requireIsoDate(date);
    requireInteger(n, 'n');
    const direction = Math.sign(n);
    let current = date;
    for (let remaining = Math.abs(n); remaining > 0; remaining--) current = this.nextWorkingDay(current, direction);
    return current;
  }

  onOrAfter(date: string): string {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date, 1);
  }

  onOrBefore(date: string): string {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date, -1);
  }

  /**
   * The inverse of addWorkingDays: working days in (from, to] when `to` is later, minus those in
   * [to, from) when earlier, so workingDaysBetween(d, addWorkingDays(d, n)) === n.
   */
  workingDaysBetween(from: string, to: string): number {
    const direction = compareDates(to, from);
    let count = 0;
    for (let day = from; day !== to;) {
      day = addCalendarDays(day, direction);
      if (this.isWorkingDay(day)) count += direction;
    }
    return count;
  }

  private nextWorkingDay(date: string, direction: number): string {
    let current = date;
    for (let step = 0; step < MAX_CONSECUTIVE_CLOSED_DAYS; step++) {
      current = addCalendarDays(current, direction);
      if (this.isWorkingDay(current)) return current;
    }
    throw new Error(
      `no working day within ${MAX_CONSECUTIVE_CLOSED_DAYS} days ${direction > 0 ? 'after' : 'before'} ${date}: ` +
        'the calendar closes every day (check its holiday region and closed days)',
    );
  }

  /** Looks in the year before too: a holiday listed under its start year can run into January. */
  private holidayName(date: string): string | undefined {
    if (this.holidayRegion === null) return undefined;
    const { year } = requireIsoDate(date);
    const listedThisYear = publicHolidays(this.holidayRegion, year).get(date);
    return listedThisYear ?? (year > 0 ? publicHolidays(this.holidayRegion, year - 1).get(date) : undefined);
  }
}
