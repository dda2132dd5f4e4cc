import { describe, expect, it } from 'vitest';
import { parseHolidayRegion, publicHolidays } from '../../calendar/holiday-region';
import { WorkingCalendar } from '../../calendar/working-calendar';

function calendar(holidayRegion: string): WorkingCalendar {
  return new WorkingCalendar({ timeZone: 'UTC', holidayRegion, closedDays: [] });
}

describe('holiday data from date-holidays', () => {
  it('splits a code into country, state and region', () => {
    expect(parseHolidayRegion('DE')).toEqual({ country: 'DE' });
    expect(parseHolidayRegion('DE-BY')).toEqual({ country: 'DE', state: 'BY' });
    expect(parseHolidayRegion('DE-BY-A')).toEqual({ country: 'DE', state: 'BY', region: 'A' });
    expect(parseHolidayRegion('XX')).toBeUndefined();
  });

  it('maps a one-day holiday to exactly its own date, even on a DST-change day', () => {
    const easter = publicHolidays('GB-ENG', 2027);
    expect(easter.get('2027-03-29')).toBe('Easter Monday');
    expect(easter.has('2027-03-28')).toBe(false);
    expect(easter.has('2027-03-30')).toBe(false);
  });

  it('keeps only public holidays: no observances, no bank half-days', () => {
    const germany = publicHolidays('DE', 2026);
    expect([...germany.keys()]).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('closes every day of a multi-day holiday', () => {
    const russia = calendar('RU');
    expect(['2027-01-04', '2027-01-05', '2027-01-06'].map((day) => russia.isWorkingDay(day))).toEqual([false, false, false]);
    const korea = calendar('KR');
    expect(['2027-02-08', '2027-02-09', '2027-02-10'].map((day) => korea.isWorkingDay(day))).toEqual([false, false, true]);
  });

  it('does not let a holiday that starts at sunset close the day before it', () => {
    const israel = calendar('IL');
    expect(israel.isWorkingDay('2027-04-22')).toBe(false);
    expect(israel.isWorkingDay('2027-04-21')).toBe(true);
  });

  it('finds a holiday listed under the previous year when it runs into January', () => {
    expect(publicHolidays('SZ', 2029).has('2029-01-02')).toBe(false);
    expect(calendar('SZ').closureReason('2029-01-02')).toBe('Incwala');
    expect(calendar('SZ').isWorkingDay('2029-01-03')).toBe(true);
  });

  it('lists a substitute day under the year it falls in, not the holiday’s year', () => {
    expect(calendar('US-CA').closureReason('2027-12-31')).toBe("New Year's Day (substitute day)");
  });
});
