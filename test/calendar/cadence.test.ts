import { describe, expect, it } from 'vitest';
import { CADENCE_MONTHS, addMonthsClamped, addYearsClamped, occurrenceDate } from '../../calendar/cadence';

describe('occurrenceDate', () => {
  it('starts at the anchor', () => {
    expect(occurrenceDate('2027-01-31', 'quarterly', 0)).toBe('2027-01-31');
  });

  it('clamps a 31 January monthly anchor to each month end, always from the anchor', () => {
    const dates = [0, 1, 2, 3, 4, 12, 13].map((index) => occurrenceDate('2027-01-31', 'monthly', index));
    expect(dates).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2028-01-31', '2028-02-29']);
  });

  it('clamps a 31 August quarterly anchor to 30 November, then back to the 31st and to February’s end', () => {
    const dates = [0, 1, 2, 3, 4, 6].map((index) => occurrenceDate('2027-08-31', 'quarterly', index));
    expect(dates).toEqual(['2027-08-31', '2027-11-30', '2028-02-29', '2028-05-31', '2028-08-31', '2029-02-28']);
  });

  it('keeps a 29 February annual anchor on the 28th in common years and the 29th in leap years', () => {
    const dates = [0, 1, 2, 3, 4].map((index) => occurrenceDate('2028-02-29', 'annual', index));
    expect(dates).toEqual(['2028-02-29', '2029-02-28', '2030-02-28', '2031-02-28', '2032-02-29']);
  });

  it('steps semi-annually by six months', () => {
    expect(occurrenceDate('2027-03-31', 'semi-annual', 1)).toBe('2027-09-30');
    expect(occurrenceDate('2027-03-31', 'semi-annual', 2)).toBe('2028-03-31');
  });

  it('refuses an unknown cadence and a fractional index', () => {
    expect(() => occurrenceDate('2027-01-31', 'weekly' as never, 1)).toThrow(/unknown cadence/);
    expect(() => occurrenceDate('2027-01-31', 'toString' as never, 1)).toThrow(/unknown cadence/);
    expect(() => occurrenceDate('2027-01-31', 'monthly', 0.5)).toThrow(/integer/);
  });

  it('maps each cadence to its months', () => {
    expect(CADENCE_MONTHS).toEqual({ monthly: 1, quarterly: 3, 'semi-annual': 6, annual: 12 });
  });
});

describe('addYearsClamped and addMonthsClamped', () => {
  it('expires a 29 February certificate on 28 February three years later', () => {
    expect(addYearsClamped('2028-02-29', 3)).toBe('2031-02-28');
    expect(addYearsClamped('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('keeps an ordinary date', () => {
    expect(addYearsClamped('2027-06-15', 3)).toBe('2030-06-15');
    expect(addYearsClamped('2027-06-15', -1)).toBe('2026-06-15');
  });

  it('moves by months across year ends, backwards too, clamping to month end', () => {
    expect(addMonthsClamped('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonthsClamped('2027-03-31', -1)).toBe('2027-02-28');
    expect(addMonthsClamped('2027-01-15', -13)).toBe('2025-12-15');
    expect(addMonthsClamped('2027-05-31', 0)).toBe('2027-05-31');
  });

  it('refuses a malformed date', () => {
    expect(() => addMonthsClamped('2027-02-30', 1)).toThrow(RangeError);
  });
});
