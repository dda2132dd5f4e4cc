import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CADENCE_MONTHS, type Cadence, addYearsClamped, occurrenceDate } from '../../calendar/cadence';
import { addCalendarDays, compareDates, instantAt, isValidIsoDate, localDateOf } from '../../calendar/local-time';
import { WorkingCalendar } from '../../calendar/working-calendar';

/** Reference arithmetic through Date.UTC, independent of the day-number code under test. */
const DAY_MS = 86_400_000;
const toUtcMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const fromUtcMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const nextDay = (date: string, step: number): string => fromUtcMs(toUtcMs(date) + step * DAY_MS);
const monthLength = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const isoDate = (from = '2020-01-01', to = '2035-12-31'): fc.Arbitrary<string> =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => fromUtcMs(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));

const regions = fc.constantFrom(null, 'DE', 'DE-BY', 'GB-ENG', 'GB-SCT', 'US-CA', 'FR');
const calendars = fc
  .record({ region: regions, closedDays: fc.uniqueArray(isoDate('2020-01-01', '2036-06-30'), { maxLength: 40 }) })
  .map(({ region, closedDays }) => new WorkingCalendar({ timeZone: 'Europe/Berlin', holidayRegion: region, closedDays }));
const nonZeroSteps = fc.integer({ min: -45, max: 45 }).filter((n) => n !== 0);
const cadences = fc.constantFrom<Cadence>('monthly', 'quarterly', 'semi-annual', 'annual');

function countWorkingDaysBetween(calendar: WorkingCalendar, start: string, result: string): number {
  const step = result > start ? 1 : -1;
  let count = 0;
  for (let day = start; day !== result;) {
    day = nextDay(day, step);
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
}

describe('working-day arithmetic, for any date, region, closed days and step', () => {
  it('lands on a working day on the requested side, exactly |n| working days away', () => {
    fc.assert(
      fc.property(calendars, isoDate(), nonZeroSteps, (calendar, date, n) => {
        const result = calendar.addWorkingDays(date, n);
        expect(calendar.isWorkingDay(result)).toBe(true);
        if (n > 0) expect(result > date).toBe(true);
        else expect(result < date).toBe(true);
        expect(countWorkingDaysBetween(calendar, date, result)).toBe(Math.abs(n));
        expect(calendar.workingDaysBetween(date, result)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('comes back to a working day when stepping n and then -n', () => {
    fc.assert(
      fc.property(calendars, isoDate(), nonZeroSteps, (calendar, date, n) => {
        const start = calendar.onOrAfter(date);
        expect(calendar.addWorkingDays(calendar.addWorkingDays(start, n), -n)).toBe(start);
      }),
      { numRuns: 200 },
    );
  });

  it('moves on-or-after and on-or-before to the nearest working day, skipping only closed days', () => {
    fc.assert(
      fc.property(calendars, isoDate(), (calendar, date) => {
        const after = calendar.onOrAfter(date);
        const before = calendar.onOrBefore(date);
        expect(calendar.isWorkingDay(after) && calendar.isWorkingDay(before)).toBe(true);
        expect(after >= date && before <= date).toBe(true);
        for (let day = date; day < after; day = nextDay(day, 1)) expect(calendar.isWorkingDay(day)).toBe(false);
        for (let day = date; day > before; day = nextDay(day, -1)) expect(calendar.isWorkingDay(day)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('cadence arithmetic, for any anchor', () => {
  it('never drifts: each occurrence keeps the anchor day, clamped only to its own month end', () => {
    fc.assert(
      fc.property(isoDate('2000-01-01', '2040-12-31'), cadences, fc.integer({ min: 0, max: 120 }), (anchor, cadence, index) => {
        const [anchorYear, anchorMonth, anchorDay] = anchor.split('-').map(Number) as [number, number, number];
        const monthIndex = anchorYear * 12 + anchorMonth - 1 + index * CADENCE_MONTHS[cadence];
        const year = Math.floor(monthIndex / 12);
        const month = (monthIndex % 12) + 1;
        const expected = `${year}-${String(month).padStart(2, '0')}-${String(Math.min(anchorDay, monthLength(year, month))).padStart(2, '0')}`;
        expect(occurrenceDate(anchor, cadence, index)).toBe(expected);
      }),
    );
  });

  it('agrees between cadences: the i-th quarter is the 3i-th month', () => {
    fc.assert(
      fc.property(isoDate(), fc.integer({ min: 0, max: 40 }), (anchor, index) => {
        expect(occurrenceDate(anchor, 'quarterly', index)).toBe(occurrenceDate(anchor, 'monthly', 3 * index));
        expect(occurrenceDate(anchor, 'annual', index)).toBe(occurrenceDate(anchor, 'semi-annual', 2 * index));
      }),
    );
  });

  it('adds years keeping month and day, except 29 February which becomes the 28th in common years', () => {
    fc.assert(
      fc.property(isoDate('2000-01-01', '2060-12-31'), fc.integer({ min: -10, max: 10 }), (date, years) => {
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const target = y + years;
        const day = m === 2 && d === 29 && monthLength(target, 2) === 28 ? 28 : d;
        expect(addYearsClamped(date, years)).toBe(`${target}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
      }),
    );
  });
});

describe('date and time primitives, for any input', () => {
  it('adds calendar days exactly as UTC day arithmetic does, and orders dates as UTC midnights do', () => {
    fc.assert(
      fc.property(isoDate(), isoDate(), fc.integer({ min: -3000, max: 3000 }), (a, b, days) => {
        expect(addCalendarDays(a, days)).toBe(nextDay(a, days));
        expect(compareDates(a, b)).toBe(Math.sign(toUtcMs(a) - toUtcMs(b)));
      }),
    );
  });

  it('accepts exactly the YYYY-MM-DD strings that name an existing day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const exists = m >= 1 && m <= 12 && d >= 1 && d <= monthLength(y, m);
        expect(isValidIsoDate(text)).toBe(exists);
      }),
    );
  });

  it('keeps the date and the wall-clock time of a business-hours instant in every zone', () => {
    const zones = fc.constantFrom(
      'Europe/Berlin',
      'Europe/London',
      'America/New_York',
      'America/Los_Angeles',
      'Australia/Sydney',
      'Asia/Kolkata',
      'Asia/Tokyo',
      'UTC',
    );
    const businessTimes = fc
      .tuple(fc.integer({ min: 6, max: 20 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(isoDate(), businessTimes, zones, (date, time, zone) => {
        const instant = instantAt(date, time, zone);
        expect(localDateOf(instant, zone)).toBe(date);
        expect(DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm')).toBe(time);
      }),
      { numRuns: 300 },
    );
  });
});
