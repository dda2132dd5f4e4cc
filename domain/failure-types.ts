/**
 * The one vocabulary of failure types shared by workflows, activities and the API. A workflow
 * validator or handler raises them (`workflows/lib/failures.ts`), an activity classifies its
 * deterministic failures into them (`activities/classify-failure.ts`), and the API maps each to
 * one HTTP status (`api/run-command.ts`). Plain strings, so workflow code can import them.
 */
export const FAILURE_TYPES = {
  /** The caller may not do this: 403. */
  forbidden: 'Forbidden',
  /** The item's state refuses it: 409. */
  conflict: 'Conflict',
  /** The input cannot be taken (a bad value, a constraint it breaks, an impossible date): 422. */
  invalid: 'Invalid',
  /** A row the work needs does not exist: 404. */
  notFound: 'NotFound',
  /** A bug (SQL that does not parse, a column that does not exist): retrying cannot mend it; 500. */
  defect: 'Defect',
} as const;

export type FailureType = (typeof FAILURE_TYPES)[keyof typeof FAILURE_TYPES];

const KNOWN: ReadonlySet<string> = new Set(Object.values(FAILURE_TYPES));

export function isFailureType(type: string | undefined | null): type is FailureType {
  return typeof type === 'string' && KNOWN.has(type);
}
