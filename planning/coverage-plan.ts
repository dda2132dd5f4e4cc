/**
 * What each internal audit of the programme covers (ISO/IEC 42001 9.2.2): every clause and every
 * applicable Annex A control once per three-year certification cycle, 9.2, 9.3 and 10.2 every
 * cycle-year, and items with recent nonconformities sooner. Pure and deterministic: an activity
 * computes a scope from what the record says was audited, so a retried activity, a moved or a
 * skipped occurrence all lead to the same plan.
 */
import { CADENCE_MONTHS, type Cadence } from '../calendar/cadence';
import { CLAUSES, CONTROLS, YEARLY_CLAUSES, compareReferenceOrder, isClauseId, isControlId } from '../domain/reference/iso42001';

export type { Cadence } from '../calendar/cadence';

const CYCLE_YEARS = 3;
const YEAR_MONTHS = 12;
const CYCLE_MONTHS = CYCLE_YEARS * YEAR_MONTHS;

export interface CoverageInput {
  cadence: Cadence;
  /** Control ids the Statement of Applicability marks applicable. */
  applicableControls: readonly string[];
  /** Items with a nonconformity (or audit NC finding) since the last audit of that item: audit them sooner. */
  priorityItems: readonly string[];
  /** Occurrence index within the 3-year cycle, 0-based, below `occurrencesPerCycle(cadence)`. */
  indexInCycle: number;
  /** Items audited in this cycle before this occurrence, so that moved or skipped occurrences are caught up. */
  auditedThisCycle: readonly string[];
  /** Yearly items audited in the current cycle-year before this occurrence. */
  auditedThisYear: readonly string[];
}

/** What a cycle's scopes fail to cover, each list in reference order. */
export interface CoverageGaps {
  /** Clauses and applicable controls in no scope of the cycle. */
  cycle: string[];
  /** For cycle-years 0, 1 and 2: the yearly clauses (9.2, 9.3, 10.2) in no scope of that year. */
  years: string[][];
}

function monthsOf(cadence: Cadence): number {
  if (!Object.hasOwn(CADENCE_MONTHS, cadence)) throw new RangeError(`unknown cadence ${JSON.stringify(cadence)}`);
  return CADENCE_MONTHS[cadence];
}

export function occurrencesPerCycle(cadence: Cadence): number {
  return CYCLE_MONTHS / monthsOf(cadence);
}

export function occurrencesPerYear(cadence: Cadence): number {
  return YEAR_MONTHS / monthsOf(cadence);
}

/**
 * Applicable controls in document order. An unknown id is refused rather than ignored: a typo in
 * the Statement of Applicability would otherwise drop a control from the programme unnoticed.
 */
function applicableInOrder(applicableControls: readonly string[]): string[] {
  for (const id of applicableControls) {
    if (!isControlId(id)) throw new RangeError(`applicable control ${JSON.stringify(id)} is not an Annex A control`);
  }
  const applicable = new Set(applicableControls);
  return CONTROLS.map((control) => control.id).filter((id) => applicable.has(id));
}

/** Every item the cycle must cover, in reference order: all clauses, then the applicable controls. */
function requiredItems(applicableControls: readonly string[]): string[] {
  return [...CLAUSES.map((clause) => clause.id), ...applicableInOrder(applicableControls)];
}

/**
 * The clause and control ids audited in occurrence `indexInCycle`, in reference order:
 * - an even share of what the cycle has not covered yet, ceil(remaining / occurrences left),
 *   taken in reference order, so later occurrences catch up after a skip and the last one takes
 *   everything still missing;
 * - each yearly clause not yet audited in this cycle-year;
 * - every priority item, unless it is a control the Statement of Applicability excludes.
 */
export function scopeFor(input: CoverageInput): string[] {
  const perCycle = occurrencesPerCycle(input.cadence);
  const { indexInCycle } = input;
  if (!Number.isSafeInteger(indexInCycle) || indexInCycle < 0 || indexInCycle >= perCycle) {
    throw new RangeError(`indexInCycle must be an integer from 0 to ${perCycle - 1} for a ${input.cadence} programme, got ${String(indexInCycle)}`);
  }
  for (const id of input.priorityItems) {
    if (!isClauseId(id) && !isControlId(id)) throw new RangeError(`priority item ${JSON.stringify(id)} is neither a clause nor an Annex A control`);
  }

  const required = requiredItems(input.applicableControls);
  const auditedThisCycle = new Set(input.auditedThisCycle);
  const remaining = required.filter((id) => !auditedThisCycle.has(id));
  const share = Math.ceil(remaining.length / (perCycle - indexInCycle));

  const auditedThisYear = new Set(input.auditedThisYear);
  const inScope = new Set(required);
  const scope = new Set<string>(remaining.slice(0, share));
  for (const id of YEARLY_CLAUSES) if (!auditedThisYear.has(id)) scope.add(id);
  for (const id of input.priorityItems) if (inScope.has(id)) scope.add(id);
  return [...scope].sort(compareReferenceOrder);
}

/**
 * The scopes of a whole cycle planned from its start, each occurrence assumed audited as planned
 * before the next is computed. `priorityByIndex[i]` holds the priority items known at occurrence i.
 */
export function planCycle(
  cadence: Cadence,
  applicableControls: readonly string[],
  priorityByIndex: Readonly<Record<number, readonly string[]>> = {},
): string[][] {
  const perCycle = occurrencesPerCycle(cadence);
  const perYear = occurrencesPerYear(cadence);
  const yearly = new Set<string>(YEARLY_CLAUSES);
  const auditedThisCycle: string[] = [];
  let auditedThisYear: string[] = [];
  const scopes: string[][] = [];
  for (let indexInCycle = 0; indexInCycle < perCycle; indexInCycle++) {
    if (indexInCycle % perYear === 0) auditedThisYear = [];
    const scope = scopeFor({
      cadence,
      applicableControls,
      priorityItems: priorityByIndex[indexInCycle] ?? [],
      indexInCycle,
      auditedThisCycle,
      auditedThisYear,
    });
    auditedThisCycle.push(...scope);
    auditedThisYear.push(...scope.filter((id) => yearly.has(id)));
    scopes.push(scope);
  }
  return scopes;
}

/**
 * What the scopes of one cycle (index i = occurrence i; a skipped occurrence is an empty scope;
 * a cycle in progress may list fewer) leave uncovered, for the coverage matrix and the tests.
 */
export function coverageGaps(cadence: Cadence, applicableControls: readonly string[], scopes: readonly (readonly string[])[]): CoverageGaps {
  const perCycle = occurrencesPerCycle(cadence);
  const perYear = occurrencesPerYear(cadence);
  if (scopes.length > perCycle) {
    throw new RangeError(`a ${cadence} cycle has ${perCycle} occurrences, got ${scopes.length} scopes`);
  }
  const covered = new Set(scopes.flat());
  const cycle = requiredItems(applicableControls).filter((id) => !covered.has(id));
  const years = Array.from({ length: CYCLE_YEARS }, (_, year) => {
    const coveredInYear = new Set(scopes.slice(year * perYear, (year + 1) * perYear).flat());
    return YEARLY_CLAUSES.filter((id) => !coveredInYear.has(id));
  });
  return { cycle, years };
}
