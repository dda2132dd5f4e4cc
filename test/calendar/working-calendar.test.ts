import { describe, expect, it } from 'vitest';
import { addCalendarDays } from '../../calendar/local-time';
import { MAX_CONSECUTIVE_CLOSED_DAYS, WorkingCalendar, isHolidayRegion } from '../../calendar/working-calendar';

function calendar(holidayRegion: string | null, closedDays: string[] = []): WorkingCalendar {
  return new WorkingCalendar({ timeZone: 'Europe/Berlin', holidayRegion, closedDays });
}

describe('working days', () => {
  it('treats Saturday and Sunday as closed and Monday to Friday as open', () => {
    const plain = calendar(null);
    expect(plain.isWorkingDay('2027-03-05')).toBe(true);
    expect(plain.isWorkingDay('2027-03-06')).toBe(false);
    expect(plain.isWorkingDay('2027-03-07')).toBe(false);
    expect(plain.isWorkingDay('2027-03-08')).toBe(true);
    expect(plain.closureReason('2027-03-06')).toBe('weekend');
    expect(plain.closureReason('2027-03-08')).toBeUndefined();
  });

  it('has no public holidays when the region is null', () => {
    expect(calendar(null).isWorkingDay('2026-12-25')).toBe(true);
  });

  it('closes on German public holidays: Christmas, Boxing Day and New Year', () => {
    const de = calendar('DE');
    expect(de.isWorkingDay('2026-12-25')).toBe(false);
    expect(de.closureReason('2026-12-25')).toBe('1. Weihnachtstag');
    expect(de.isWorkingDay('2026-12-26')).toBe(false);
    expect(de.closureReason('2026-12-26')).toBe('2. Weihnachtstag');
    expect(de.isWorkingDay('2027-01-01')).toBe(false);
    expect(de.closureReason('2027-01-01')).toBe('Neujahr');
  });

  it('stays open on Christmas Eve and New Year’s Eve in Germany, which date-holidays types as bank half-days', () => {
    const de = calendar('DE');
    expect(de.isWorkingDay('2026-12-24')).toBe(true);
    expect(de.isWorkingDay('2026-12-31')).toBe(true);
  });

  it('closes on Epiphany in Bavaria but not in Germany as a whole', () => {
    expect(calendar('DE-BY').isWorkingDay('2027-01-06')).toBe(false);
    expect(calendar('DE-BY').closureReason('2027-01-06')).toBe('Heilige Drei Könige');
    expect(calendar('DE').isWorkingDay('2027-01-06')).toBe(true);
  });

  it('ignores observances: Rosenmontag is an ordinary working day in Germany', () => {
    expect(calendar('DE').isWorkingDay('2027-02-08')).toBe(true);
  });

  it('closes on English bank holidays, which date-holidays types as public', () => {
    const england = calendar('GB-ENG');
    expect(england.closureReason('2027-05-03')).toBe('Early May bank holiday');
    expect(england.closureReason('2027-08-30')).toBe('Summer bank holiday');
    expect(england.isWorkingDay('2027-08-02')).toBe(true);
  });

  it('follows the nation within the United Kingdom: Scotland’s summer bank holiday is in early August', () => {
    const scotland = calendar('GB-SCT');
    expect(scotland.closureReason('2027-08-02')).toBe('Summer bank holiday');
    expect(scotland.isWorkingDay('2027-08-30')).toBe(true);
  });

  it('closes on substitute days when Christmas falls on a weekend in England', () => {
    const england = calendar('GB-ENG');
    expect(england.closureReason('2027-12-27')).toBe('Christmas Day (substitute day)');
    expect(england.closureReason('2027-12-28')).toBe('Boxing Day (substitute day)');
    expect(england.isWorkingDay('2027-12-29')).toBe(true);
  });

  it('closes on Californian state holidays', () => {
    const california = calendar('US-CA');
    expect(california.closureReason('2027-03-31')).toBe('César Chávez Day');
    expect(california.closureReason('2027-11-26')).toBe('Day after Thanksgiving Day');
  });

  it('names the holiday rather than the weekend when a holiday falls on a Saturday', () => {
    expect(calendar('GB-ENG').closureReason('2027-12-25')).toBe('Christmas Day');
  });

  it('closes on the organisation’s own closed days', () => {
    const closed = calendar('DE', ['2027-05-07']);
    expect(closed.isWorkingDay('2027-05-07')).toBe(false);
    expect(closed.closureReason('2027-05-07')).toBe('closed day');
    expect(closed.isWorkingDay('2027-05-10')).toBe(true);
  });

  it('refuses an unknown region, an unknown zone and a malformed closed day', () => {
    expect(() => calendar('XX')).toThrow(/unknown holiday region/);
    expect(() => new WorkingCalendar({ timeZone: 'Mars/Olympus', holidayRegion: null, closedDays: [] })).toThrow(/time zone/);
    expect(() => calendar(null, ['2027-02-30'])).toThrow(/closed day/);
  });

  it('refuses a date that does not exist instead of guessing', () => {
    expect(() => calendar('DE').isWorkingDay('2027-02-29')).toThrow(RangeError);
    expect(() => calendar(null).addWorkingDays('2027-1-5', 1)).toThrow(RangeError);
  });
});

describe('adding working days', () => {
  const de = calendar('DE');
  const england = calendar('GB-ENG');

  it('returns the date itself for n = 0, even when it is closed', () => {
    expect(de.addWorkingDays('2026-12-25', 0)).toBe('2026-12-25');
    expect(de.addWorkingDays('2027-03-03', 0)).toBe('2027-03-03');
  });

  it('skips a weekend', () => {
    expect(de.addWorkingDays('2027-03-05', 1)).toBe('2027-03-08');
    expect(de.addWorkingDays('2027-03-08', -1)).toBe('2027-03-05');
    expect(de.addWorkingDays('2027-03-06', 1)).toBe('2027-03-08');
    expect(de.addWorkingDays('2027-03-06', -1)).toBe('2027-03-05');
  });

  it('counts forwards across the German Christmas and New Year stretch', () => {
    expect(de.addWorkingDays('2026-12-23', 1)).toBe('2026-12-24');
    expect(de.addWorkingDays('2026-12-23', 2)).toBe('2026-12-28');
    expect(de.addWorkingDays('2026-12-23', 5)).toBe('2026-12-31');
    expect(de.addWorkingDays('2026-12-23', 6)).toBe('2027-01-04');
  });

  it('counts backwards across the German Christmas and New Year stretch', () => {
    expect(de.addWorkingDays('2027-01-04', -1)).toBe('2026-12-31');
    expect(de.addWorkingDays('2027-01-04', -5)).toBe('2026-12-24');
    expect(de.addWorkingDays('2027-01-04', -6)).toBe('2026-12-23');
  });

  it('counts across the English Christmas substitute days and the New Year substitute Monday', () => {
    expect(england.addWorkingDays('2027-12-24', 1)).toBe('2027-12-29');
    expect(england.addWorkingDays('2027-12-29', 3)).toBe('2028-01-04');
    expect(england.addWorkingDays('2028-01-04', -3)).toBe('2027-12-29');
    expect(england.addWorkingDays('2027-12-29', -1)).toBe('2027-12-24');
  });

  it('puts the default reminders 5 and 1 working days before a due date after Christmas', () => {
    expect(de.addWorkingDays('2027-01-05', -5)).toBe('2026-12-28');
    expect(de.addWorkingDays('2027-01-05', -1)).toBe('2027-01-04');
  });

  it('moves to the nearest working day on or after and on or before', () => {
    expect(de.onOrAfter('2026-12-25')).toBe('2026-12-28');
    expect(de.onOrBefore('2026-12-25')).toBe('2026-12-24');
    expect(de.onOrAfter('2027-01-01')).toBe('2027-01-04');
    expect(de.onOrBefore('2027-01-03')).toBe('2026-12-31');
    expect(de.onOrAfter('2027-03-03')).toBe('2027-03-03');
    expect(de.onOrBefore('2027-03-03')).toBe('2027-03-03');
  });

  it('inverts addWorkingDays with workingDaysBetween', () => {
    expect(de.workingDaysBetween('2026-12-23', '2027-01-04')).toBe(6);
    expect(de.workingDaysBetween('2027-01-04', '2026-12-23')).toBe(-6);
    expect(de.workingDaysBetween('2027-03-03', '2027-03-03')).toBe(0);
  });

  it('fails clearly instead of hanging when no day is ever a working day', () => {
    const everyDay: string[] = [];
    for (let day = '2025-01-01'; day < '2031-01-01'; day = addCalendarDays(day, 1)) everyDay.push(day);
    const neverOpen = calendar(null, everyDay);
    expect(() => neverOpen.addWorkingDays('2027-06-01', 1)).toThrow(new RegExp(`no working day within ${MAX_CONSECUTIVE_CLOSED_DAYS} days after 2027-06-01`));
    expect(() => neverOpen.onOrBefore('2028-06-01')).toThrow(/no working day within .* before 2028-06-01/);
  });

  it('refuses a fractional number of working days', () => {
    expect(() => de.addWorkingDays('2027-03-03', 1.5)).toThrow(/integer/);
  });
});

describe('holiday regions', () => {
  it('knows countries, states and regions that date-holidays knows', () => {
    expect(isHolidayRegion('DE')).toBe(true);
    expect(isHolidayRegion('DE-BY')).toBe(true);
    expect(isHolidayRegion('DE-BY-A')).toBe(true);
    expect(isHolidayRegion('GB-ENG')).toBe(true);
    expect(isHolidayRegion('US-CA')).toBe(true);
    expect(isHolidayRegion('FR')).toBe(true);
  });

  it('rejects unknown or malformed codes', () => {
    expect(isHolidayRegion('XX')).toBe(false);
    expect(isHolidayRegion('DE-XX')).toBe(false);
    expect(isHolidayRegion('DE-BY-XX')).toBe(false);
    expect(isHolidayRegion('DE-BY-A-B')).toBe(false);
    expect(isHolidayRegion('')).toBe(false);
    expect(isHolidayRegion('de-by')).toBe(false);
    expect(isHolidayRegion('toString')).toBe(false);
  });
});
