import { describe, expect, it } from 'vitest';
import { CLAUSES, CONTROLS } from '../../domain/reference/iso42001';
import { coverageGaps, occurrencesPerCycle, occurrencesPerYear, planCycle, scopeFor } from '../../planning/coverage-plan';

const ALL_CONTROLS = CONTROLS.map((control) => control.id);
const ALL_CLAUSES = CLAUSES.map((clause) => clause.id);
const NO_GAPS = { cycle: [], years: [[], [], []] };

describe('occurrences per cycle and per year', () => {
  it('follows the cadence over a three-year cycle', () => {
    expect([occurrencesPerCycle('monthly'), occurrencesPerCycle('quarterly'), occurrencesPerCycle('semi-annual'), occurrencesPerCycle('annual')]).toEqual([
      36, 12, 6, 3,
    ]);
    expect([occurrencesPerYear('monthly'), occurrencesPerYear('quarterly'), occurrencesPerYear('semi-annual'), occurrencesPerYear('annual')]).toEqual([
      12, 4, 2, 1,
    ]);
  });

  it('refuses an unknown cadence', () => {
    expect(() => occurrencesPerCycle('weekly' as never)).toThrow(/unknown cadence/);
  });
});

describe('planCycle', () => {
  it('splits a quarterly cycle with every control applicable into 12 scopes of 4 to 9 items: 5 or so new items each, plus 9.2, 9.3 and 10.2 at each year start', () => {
    const scopes = planCycle('quarterly', ALL_CONTROLS);
    expect(scopes.map((scope) => scope.length)).toEqual([9, 5, 5, 5, 8, 5, 5, 5, 8, 5, 4, 4]);
    expect(scopes[0]).toEqual(['4.1', '4.2', '4.3', '4.4', '5.1', '5.2', '9.2', '9.3', '10.2']);
    expect(scopes.at(-1)).toEqual(['A.9.4', 'A.10.2', 'A.10.3', 'A.10.4']);
    expect(coverageGaps('quarterly', ALL_CONTROLS, scopes)).toEqual(NO_GAPS);
  });

  it('covers everything in an annual cycle of 3 occurrences, with the yearly clauses in each', () => {
    const scopes = planCycle('annual', ALL_CONTROLS);
    expect(scopes).toHaveLength(3);
    expect(scopes.map((scope) => scope.length)).toEqual([23, 23, 22]);
    for (const scope of scopes) expect(scope).toEqual(expect.arrayContaining(['9.2', '9.3', '10.2']));
    expect(coverageGaps('annual', ALL_CONTROLS, scopes)).toEqual(NO_GAPS);
  });

  it('covers everything in a monthly cycle of 36 occurrences, the yearly clauses at months 0, 12 and 24 only', () => {
    const scopes = planCycle('monthly', ALL_CONTROLS);
    expect(scopes).toHaveLength(36);
    expect(coverageGaps('monthly', ALL_CONTROLS, scopes)).toEqual(NO_GAPS);
    const withManagementReview = scopes.flatMap((scope, index) => (scope.includes('9.3') ? [index] : []));
    expect(withManagementReview).toEqual([0, 12, 24]);
    expect(Math.max(...scopes.map((scope) => scope.length))).toBe(5);
  });

  it('covers everything semi-annually in 6 scopes', () => {
    const scopes = planCycle('semi-annual', ALL_CONTROLS);
    expect(scopes.map((scope) => scope.length)).toEqual([14, 10, 13, 10, 12, 9]);
    expect(coverageGaps('semi-annual', ALL_CONTROLS, scopes)).toEqual(NO_GAPS);
  });

  it('plans only clauses when no control is applicable', () => {
    const scopes = planCycle('quarterly', []);
    expect(scopes.flat().every((id) => !id.startsWith('A.'))).toBe(true);
    expect(coverageGaps('quarterly', [], scopes)).toEqual(NO_GAPS);
  });

  it('brings a priority item forward to its occurrence and does not audit it again for coverage later', () => {
    const scopes = planCycle('quarterly', ALL_CONTROLS, { 1: ['A.10.4'] });
    expect(scopes[1]).toContain('A.10.4');
    expect(scopes.slice(2).flat()).not.toContain('A.10.4');
    expect(coverageGaps('quarterly', ALL_CONTROLS, scopes)).toEqual(NO_GAPS);
  });
});

describe('scopeFor', () => {
  const start = { cadence: 'quarterly', applicableControls: ALL_CONTROLS, priorityItems: [], auditedThisCycle: [], auditedThisYear: [] } as const;

  it('gives the last occurrence of a cycle everything still missing', () => {
    const scope = scopeFor({ ...start, indexInCycle: 11, auditedThisYear: ['9.2', '9.3', '10.2'] });
    expect(scope).toEqual([...ALL_CLAUSES, ...ALL_CONTROLS]);
  });

  it('catches up after a skipped occurrence by taking a larger share', () => {
    const planned = planCycle('quarterly', ALL_CONTROLS);
    const auditedThisCycle = [...planned[0]!, ...planned[1]!];
    const afterSkip = scopeFor({ ...start, indexInCycle: 3, auditedThisCycle, auditedThisYear: ['9.2', '9.3', '10.2'] });
    expect(planned[2]).toHaveLength(5);
    expect(afterSkip).toEqual([...planned[2]!, ...planned[3]!].slice(0, 6));
  });

  it('adds a yearly clause still missing in its cycle-year, and not one already audited that year', () => {
    const scope = scopeFor({ ...start, indexInCycle: 2, auditedThisCycle: ALL_CLAUSES, auditedThisYear: ['9.2', '10.2'] });
    expect(scope.filter((id) => ['9.2', '9.3', '10.2'].includes(id))).toEqual(['9.3']);
  });

  it('never schedules a not-applicable control, even as a priority item', () => {
    const scope = scopeFor({ ...start, applicableControls: ['A.2.2'], priorityItems: ['A.5.2', '7.2'], indexInCycle: 11 });
    expect(scope).toContain('7.2');
    expect(scope).toContain('A.2.2');
    expect(scope).not.toContain('A.5.2');
  });

  it('returns each item once, in reference order, when priority and yearly items overlap the share', () => {
    const scope = scopeFor({ ...start, indexInCycle: 0, priorityItems: ['A.2.2', '4.1', '9.2', 'A.2.2'] });
    expect(scope).toEqual(['4.1', '4.2', '4.3', '4.4', '5.1', '5.2', '9.2', '9.3', '10.2', 'A.2.2']);
  });

  it('refuses an index outside the cycle and ids the standard does not have', () => {
    expect(() => scopeFor({ ...start, indexInCycle: 12 })).toThrow(/indexInCycle/);
    expect(() => scopeFor({ ...start, indexInCycle: 1.5 })).toThrow(/indexInCycle/);
    expect(() => scopeFor({ ...start, indexInCycle: 0, applicableControls: ['A.6.1'] })).toThrow(/not an Annex A control/);
    expect(() => scopeFor({ ...start, indexInCycle: 0, priorityItems: ['11.1'] })).toThrow(/neither a clause nor/);
  });
});

describe('coverageGaps', () => {
  it('names the items no scope covers and the yearly clauses a cycle-year missed', () => {
    const scopes = planCycle('annual', ['A.2.2', 'A.3.2']);
    const gaps = coverageGaps('annual', ['A.2.2', 'A.3.2', 'A.9.4'], [scopes[0]!, [], scopes[2]!.filter((id) => id !== '9.3' && id !== '4.1')]);
    expect(gaps.cycle).toContain('A.9.4');
    expect(gaps.years).toEqual([[], ['9.2', '9.3', '10.2'], ['9.3']]);
  });

  it('reports the yet uncovered items of a cycle in progress', () => {
    const scopes = planCycle('quarterly', ALL_CONTROLS).slice(0, 4);
    const gaps = coverageGaps('quarterly', ALL_CONTROLS, scopes);
    expect(gaps.cycle).toHaveLength(62 - scopes.flat().length);
    expect(gaps.years).toEqual([[], ['9.2', '9.3', '10.2'], ['9.2', '9.3', '10.2']]);
  });

  it('refuses more scopes than the cycle has occurrences', () => {
    expect(() => coverageGaps('annual', [], [[], [], [], []])).toThrow(/3 occurrences/);
  });
});
