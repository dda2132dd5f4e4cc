import { describe, expect, it } from 'vitest';
import { nextDigestInstant, periodContaining } from '../../activities/digests/digest-periods';

const iso = (d: Date) => d.toISOString();

describe('digest periods', () => {
  it('keys weeks by ISO week-year and sends on Monday 09:00 on the wall clock', () => {
    // Sunday 3 January 2027 is in 2026-W53; Monday 4 January starts 2027-W01.
    expect(periodContaining('weekly', new Date('2027-01-03T12:00:00Z'), 'Europe/Berlin')).toMatchObject({ key: '2026-W53' });
    const w = periodContaining('weekly', new Date('2027-01-06T12:00:00Z'), 'Europe/Berlin');
    expect({ key: w.key, at: iso(w.at) }).toEqual({ key: '2027-W01', at: '2027-01-04T08:00:00.000Z' });
    // 03:00Z on Monday is still Sunday evening in New York: the previous week there.
    expect(periodContaining('weekly', new Date('2027-01-04T03:00:00Z'), 'America/New_York')).toMatchObject({ key: '2026-W53' });
  });

  it('sends the monthly report on the first weekday of the month', () => {
    // 1 May 2027 is a Saturday: Monday 3 May, 09:00 London (BST) is 08:00Z.
    const m = periodContaining('monthly', new Date('2027-05-20T12:00:00Z'), 'Europe/London');
    expect({ key: m.key, at: iso(m.at) }).toEqual({ key: '2027-05', at: '2027-05-03T08:00:00.000Z' });
  });

  it('plans the next instant strictly after the given one, across DST changes', () => {
    expect(iso(nextDigestInstant('weekly', new Date('2027-03-22T08:00:00Z'), 'Europe/Berlin'))).toBe('2027-03-29T07:00:00.000Z');
    expect(iso(nextDigestInstant('weekly', new Date('2027-03-22T07:59:00Z'), 'Europe/Berlin'))).toBe('2027-03-22T08:00:00.000Z');
    expect(iso(nextDigestInstant('monthly', new Date('2027-01-29T00:00:00Z'), 'America/New_York'))).toBe('2027-02-01T14:00:00.000Z');
    expect(iso(nextDigestInstant('monthly', new Date('2027-12-01T14:00:00Z'), 'America/New_York'))).toBe('2028-01-03T14:00:00.000Z');
  });
});
