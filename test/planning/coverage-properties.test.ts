import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAUSES, CONTROLS, YEARLY_CLAUSES, compareReferenceOrder } from '../../domain/reference/iso42001';
import { type Cadence, coverageGaps, occurrencesPerCycle, occurrencesPerYear, scopeFor } from '../../planning/coverage-plan';

const ALL_CONTROLS = CONTROLS.map((control) => control.id);
const ALL_ITEMS = [...CLAUSES.map((clause) => clause.id), ...ALL_CONTROLS];
const YEARLY = new Set<string>(YEARLY_CLAUSES);

interface Programme {
  cadence: Cadence;
  applicableControls: string[];
  /** Priority items handed to each occurrence; may name not-applicable controls. */
  priorityByIndex: string[][];
  /** Occurrences whose scope is dropped: nothing of it counts as audited. */
  skipped: Set<number>;
}

const programmes: fc.Arbitrary<Programme> = fc
  .record({
    cadence: fc.constantFrom<Cadence>('monthly', 'quarterly', 'semi-annual', 'annual'),
    applicableControls: fc.subarray(ALL_CONTROLS),
  })
  .chain(({ cadence, applicableControls }) => {
    const count = occurrencesPerCycle(cadence);
    return fc.record({
      cadence: fc.constant(cadence),
      applicableControls: fc.shuffledSubarray(applicableControls, { minLength: applicableControls.length }),
      priorityByIndex: fc.array(
        fc.oneof({ weight: 3, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(ALL_ITEMS, { maxLength: 6 }) }),
        {
          minLength: count,
          maxLength: count,
        },
      ),
      skipped: fc.uniqueArray(fc.nat({ max: count - 1 }), { maxLength: Math.ceil(count / 2) }).map((indexes) => new Set(indexes)),
    });
  });

/** Runs a cycle as the programme would: each occurrence's scope from what earlier, non-skipped occurrences audited. */
function runCycle({ cadence, applicableControls, priorityByIndex, skipped }: Programme): { planned: string[][]; audited: string[][] } {
  const perYear = occurrencesPerYear(cadence);
  const auditedThisCycle: string[] = [];
  let auditedThisYear: string[] = [];
  const planned: string[][] = [];
  const audited: string[][] = [];
  for (let indexInCycle = 0; indexInCycle < occurrencesPerCycle(cadence); indexInCycle++) {
    if (indexInCycle % perYear === 0) auditedThisYear = [];
    const scope = scopeFor({
      cadence,
      applicableControls,
      priorityItems: priorityByIndex[indexInCycle] ?? [],
      indexInCycle,
      auditedThisCycle,
      auditedThisYear,
    });
    planned.push(scope);
    if (skipped.has(indexInCycle)) {
      audited.push([]);
    } else {
      audited.push(scope);
      auditedThisCycle.push(...scope);
      auditedThisYear.push(...scope.filter((id) => YEARLY.has(id)));
    }
  }
  return { planned, audited };
}

describe('coverage plan properties', () => {
  it('covers every clause and applicable control in the audited occurrences when the last occurrence of the cycle is held', () => {
    fc.assert(
      fc.property(programmes, (programme) => {
        fc.pre(!programme.skipped.has(occurrencesPerCycle(programme.cadence) - 1));
        const { audited } = runCycle(programme);
        expect(coverageGaps(programme.cadence, programme.applicableControls, audited).cycle).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('audits 9.2, 9.3 and 10.2 in every cycle-year whose last occurrence is held', () => {
    fc.assert(
      fc.property(programmes, (programme) => {
        const perYear = occurrencesPerYear(programme.cadence);
        const { years } = coverageGaps(programme.cadence, programme.applicableControls, runCycle(programme).audited);
        years.forEach((missing, year) => {
          if (!programme.skipped.has((year + 1) * perYear - 1)) expect(missing).toEqual([]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never puts a not-applicable control in scope, priority or not', () => {
    fc.assert(
      fc.property(programmes, (programme) => {
        const applicable = new Set(programme.applicableControls);
        for (const scope of runCycle(programme).planned) {
          expect(scope.filter((id) => id.startsWith('A.') && !applicable.has(id))).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same scopes for the same input, each without duplicates and in reference order', () => {
    fc.assert(
      fc.property(programmes, (programme) => {
        const first = runCycle(programme).planned;
        expect(runCycle(programme).planned).toEqual(first);
        for (const scope of first) {
          expect(new Set(scope).size).toBe(scope.length);
          expect([...scope].sort(compareReferenceOrder)).toEqual(scope);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same scope whatever the order of its input lists', () => {
    fc.assert(
      fc.property(programmes, fc.nat(), (programme, seed) => {
        const indexInCycle = seed % occurrencesPerCycle(programme.cadence);
        const auditedThisCycle = runCycle(programme).planned.slice(0, indexInCycle).flat();
        const input = {
          cadence: programme.cadence,
          applicableControls: programme.applicableControls,
          priorityItems: programme.priorityByIndex[indexInCycle] ?? [],
          indexInCycle,
          auditedThisCycle,
          auditedThisYear: [],
        };
        const reversed = {
          ...input,
          applicableControls: [...input.applicableControls].reverse(),
          priorityItems: [...input.priorityItems].reverse(),
          auditedThisCycle: [...auditedThisCycle].reverse(),
        };
        expect(scopeFor(reversed)).toEqual(scopeFor(input));
      }),
      { numRuns: 200 },
    );
  });

  it('puts each applicable priority item in the occurrence it was given to', () => {
    fc.assert(
      fc.property(programmes, (programme) => {
        const applicable = new Set(programme.applicableControls);
        runCycle(programme).planned.forEach((scope, index) => {
          const expected = (programme.priorityByIndex[index] ?? []).filter((id) => !id.startsWith('A.') || applicable.has(id));
          expect(scope).toEqual(expect.arrayContaining(expected));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('spreads the cycle evenly when nothing is skipped: after the first occurrence, new items per occurrence differ by at most one', () => {
    fc.assert(
      fc.property(programmes, (programme) => {
        const { planned } = runCycle({ ...programme, priorityByIndex: [], skipped: new Set() });
        const seen = new Set<string>(planned[0]);
        const fresh = planned.slice(1).map((scope) => {
          const count = scope.filter((id) => !seen.has(id)).length;
          for (const id of scope) seen.add(id);
          return count;
        });
        expect(Math.max(...fresh) - Math.min(...fresh)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});
