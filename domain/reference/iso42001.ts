/**
 * The ISO/IEC 42001:2023 items an audit checklist or a management review refers to, read from the
 * bundled `iso42001.json` (ids and paraphrased titles only). Pure: workflow code imports it too.
 */
import data from './iso42001.json';

export interface Clause {
  id: string;
  title: string;
}

export interface Control {
  id: string;
  title: string;
  /** The Annex A area, e.g. `A.6` for `A.6.2.4`. */
  area: string;
}

export interface AnnexArea {
  id: string;
  title: string;
}

/** A 9.3.2 input (a–e) requested from its owner before a management review. */
export interface ReviewInput {
  id: string;
  title: string;
}

/** A 9.3.3 kind of decision recorded at a management review. */
export interface ReviewOutput {
  id: string;
  title: string;
}

export const STANDARD: string = data.standard;

/** Clauses 4.1 … 10.2 in document order. */
export const CLAUSES: readonly Clause[] = Object.freeze(data.clauses.map(({ id, title }) => Object.freeze({ id, title })));

export const ANNEX_A_AREAS: readonly AnnexArea[] = Object.freeze(data.annexA.map(({ area, title }) => Object.freeze({ id: area, title })));

/** The 38 Annex A controls A.2.2 … A.10.4 in document order (the A.n.1 objectives are not controls). */
export const CONTROLS: readonly Control[] = Object.freeze(
  data.annexA.flatMap(({ area, controls }) => controls.map(({ id, title }) => Object.freeze({ id, title, area }))),
);

/** Audited every year, not just once per certification cycle (SPEC, internal audit programme). */
export const YEARLY_CLAUSES = ['9.2', '9.3', '10.2'] as const;
export type YearlyClause = (typeof YEARLY_CLAUSES)[number];

export const REVIEW_INPUTS: readonly ReviewInput[] = Object.freeze(data.managementReviewInputs.map(({ id, title }) => Object.freeze({ id, title })));

export const REVIEW_OUTPUTS: readonly ReviewOutput[] = Object.freeze(data.managementReviewOutputs.map(({ id, title }) => Object.freeze({ id, title })));

const clauseIds = new Set(CLAUSES.map((clause) => clause.id));
const controlIds = new Set(CONTROLS.map((control) => control.id));
const titles = new Map<string, string>([...CLAUSES, ...CONTROLS].map((item) => [item.id, item.title]));
/** Position of every clause and control in the standard: clauses first, then Annex A. */
const positions = new Map<string, number>([...CLAUSES, ...CONTROLS].map((item, index) => [item.id, index]));

export function isClauseId(id: string): boolean {
  return clauseIds.has(id);
}

export function isControlId(id: string): boolean {
  return controlIds.has(id);
}

/** Title of a clause or Annex A control; undefined for anything else. */
export function titleOf(id: string): string | undefined {
  return titles.get(id);
}

/**
 * Sorts clause and control ids the way the standard lists them (clauses, then Annex A), which a
 * string sort gets wrong (`10.2` before `4.1`, `A.10.2` before `A.2.2`). Unknown ids sort last.
 */
export function compareReferenceOrder(a: string, b: string): number {
  return (positions.get(a) ?? Number.MAX_SAFE_INTEGER) - (positions.get(b) ?? Number.MAX_SAFE_INTEGER);
}
