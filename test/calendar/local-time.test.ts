import { describe, expect, it } from 'vitest';
import { addCalendarDays, compareDates, instantAt, isValidIsoDate, localDateOf } from '../../calendar/local-time';

describe('instantAt', () => {
  it('follows the EU switch to summer time: 09:00 in Berlin is 08:00Z before it and 07:00Z on the day', () => {
    expect(instantAt('2027-03-26', '09:00', 'Europe/Berlin').toISOString()).toBe('2027-03-26T08:00:00.000Z');
    expect(instantAt('2027-03-28', '09:00', 'Europe/Berlin').toISOString()).toBe('2027-03-28T07:00:00.000Z');
  });

  it('follows the EU switch back to winter time', () => {
    expect(instantAt('2027-10-29', '09:00', 'Europe/Berlin').toISOString()).toBe('2027-10-29T07:00:00.000Z');
    expect(instantAt('2027-11-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2027-11-01T08:00:00.000Z');
  });

  it('follows New York, whose switch comes two weeks before Europe’s', () => {
    expect(instantAt('2027-03-12', '09:00', 'America/New_York').toISOString()).toBe('2027-03-12T14:00:00.000Z');
    expect(instantAt('2027-03-15', '09:00', 'America/New_York').toISOString()).toBe('2027-03-15T13:00:00.000Z');
    expect(instantAt('2027-03-26', '09:00', 'America/New_York').toISOString()).toBe('2027-03-26T13:00:00.000Z');
  });

  it('gives the first instant after the gap for a wall time that does not exist on a spring-forward day', () => {
    expect(instantAt('2027-03-14', '02:30', 'America/New_York').toISOString()).toBe('2027-03-14T07:00:00.000Z');
    expect(instantAt('2027-03-28', '02:30', 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(instantAt('2027-03-28', '02:00', 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:00:00.000Z');
  });

  it('gives the earlier instant for a wall time that happens twice on a fall-back day', () => {
    expect(instantAt('2027-10-31', '02:30', 'Europe/Berlin').toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(instantAt('2027-11-07', '01:30', 'America/New_York').toISOString()).toBe('2027-11-07T05:30:00.000Z');
  });

  it('follows the southern hemisphere: Sydney is on summer time in January and standard time in July', () => {
    expect(instantAt('2027-01-15', '09:00', 'Australia/Sydney').toISOString()).toBe('2027-01-14T22:00:00.000Z');
    expect(instantAt('2027-07-15', '09:00', 'Australia/Sydney').toISOString()).toBe('2027-07-14T23:00:00.000Z');
  });

  it('handles a half-hour offset: 09:00 in Kolkata is 03:30Z', () => {
    expect(instantAt('2027-03-26', '09:00', 'Asia/Kolkata').toISOString()).toBe('2027-03-26T03:30:00.000Z');
  });

  it('treats UTC as a zone', () => {
    expect(instantAt('2027-03-28', '09:00', 'UTC').toISOString()).toBe('2027-03-28T09:00:00.000Z');
  });

  it('refuses a malformed time, an unknown zone and a date that does not exist', () => {
    expect(() => instantAt('2027-03-26', '9:00', 'Europe/Berlin')).toThrow(/HH:mm/);
    expect(() => instantAt('2027-03-26', '24:00', 'Europe/Berlin')).toThrow(/HH:mm/);
    expect(() => instantAt('2027-03-26', '09:00', 'CET+1')).toThrow(/time zone/);
    expect(() => instantAt('2027-02-29', '09:00', 'Europe/Berlin')).toThrow(/ISO date/);
  });
});

describe('localDateOf', () => {
  it('reads the date on the wall clock of the zone, not in UTC', () => {
    const instant = new Date('2027-01-14T22:00:00Z');
    expect(localDateOf(instant, 'Australia/Sydney')).toBe('2027-01-15');
    expect(localDateOf(instant, 'Europe/Berlin')).toBe('2027-01-14');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2027-01-14');
    expect(localDateOf(new Date('2027-01-15T03:00:00Z'), 'America/Los_Angeles')).toBe('2027-01-14');
  });

  it('refuses an invalid Date', () => {
    expect(() => localDateOf(new Date('nonsense'), 'UTC')).toThrow(/valid Date/);
  });
});

describe('ISO dates', () => {
  it('accepts only strict YYYY-MM-DD dates that exist', () => {
    expect(isValidIsoDate('2027-02-28')).toBe(true);
    expect(isValidIsoDate('2028-02-29')).toBe(true);
    expect(isValidIsoDate('2000-02-29')).toBe(true);
    expect(isValidIsoDate('2027-02-29')).toBe(false);
    expect(isValidIsoDate('2100-02-29')).toBe(false);
    expect(isValidIsoDate('2027-02-30')).toBe(false);
    expect(isValidIsoDate('2027-04-31')).toBe(false);
    expect(isValidIsoDate('2027-13-01')).toBe(false);
    expect(isValidIsoDate('2027-00-10')).toBe(false);
    expect(isValidIsoDate('2027-1-05')).toBe(false);
    expect(isValidIsoDate('2027-01-05T00:00:00Z')).toBe(false);
    expect(isValidIsoDate(' 2027-01-05')).toBe(false);
    expect(isValidIsoDate('')).toBe(false);
  });

  it('adds calendar days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addCalendarDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addCalendarDays('2027-03-28', 0)).toBe('2027-03-28');
    expect(addCalendarDays('2027-01-01', 365)).toBe('2028-01-01');
  });

  it('compares dates chronologically', () => {
    expect(compareDates('2027-01-05', '2027-01-06')).toBeLessThan(0);
    expect(compareDates('2027-01-06', '2027-01-05')).toBeGreaterThan(0);
    expect(compareDates('2027-01-05', '2027-01-05')).toBe(0);
    expect(['2028-01-01', '2027-12-31', '2027-02-01'].sort(compareDates)).toEqual(['2027-02-01', '2027-12-31', '2028-01-01']);
  });

  it('refuses to compare a malformed date rather than sort it as text', () => {
    expect(() => compareDates('2027-1-5', '2027-01-05')).toThrow(RangeError);
  });
});
