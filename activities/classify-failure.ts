import { ApplicationFailure } from '@temporalio/common';
import { FAILURE_TYPES, type FailureType } from '../domain/failure-types';
import { AppError, type ErrorCode } from '../domain/app-error';

/**
 * Whether an activity's failure can be mended by trying again. A deterministic failure (bad
 * data, an impossible date, a missing row, a bug in a query) fails the same way on every attempt:
 * retried, it would wedge its workflow for good. It becomes a non-retryable ApplicationFailure
 * of one of the shared failure types, which the workflow turns into a 4xx for a command or into
 * an attention item for its background work. Anything else (connection lost, timeout,
 * serialization conflict, the SMTP relay away) is rethrown as it is, for the retry policy.
 */
export function classifyFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure) return error; // classified by the activity itself
  const type = deterministicType(error);
  if (!type) return error;
  const message = error instanceof Error ? error.message : String(error);
  const sqlState = sqlStateOf(error);
  return ApplicationFailure.create({
    message: sqlState ? `${message} (SQLSTATE ${sqlState})` : message,
    type,
    nonRetryable: true,
    cause: error instanceof Error ? error : undefined,
  });
}

/** A row the activity needs is gone: what an activity throws itself when a lookup finds nothing. */
export function missingRow(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, FAILURE_TYPES.notFound);
}

/** SQLSTATE classes whose errors no retry can mend; everything else from PostgreSQL is transient. */
const DETERMINISTIC_SQL_CLASSES: Record<string, FailureType> = {
  '22': FAILURE_TYPES.invalid, // data exception: NUL byte (22021), datetime overflow (22008), …
  '23': FAILURE_TYPES.invalid, // integrity constraint: a check, a foreign key, not null
  '42': FAILURE_TYPES.defect, // syntax error or undefined object: a bug
};
/** Unique and exclusion violations say the item is already there: the state refuses, 409. */
const CONFLICT_SQL_STATES = new Set(['23505', '23P01']);

const CODE_TO_TYPE: Partial<Record<ErrorCode, FailureType>> = {
  forbidden: FAILURE_TYPES.forbidden,
  conflict: FAILURE_TYPES.conflict,
  validation_failed: FAILURE_TYPES.invalid,
  bad_request: FAILURE_TYPES.invalid,
  not_found: FAILURE_TYPES.notFound,
};

function deterministicType(error: unknown): FailureType | undefined {
  const sqlState = sqlStateOf(error);
  if (sqlState) {
    if (CONFLICT_SQL_STATES.has(sqlState)) return FAILURE_TYPES.conflict;
    return DETERMINISTIC_SQL_CLASSES[sqlState.slice(0, 2)];
  }
  // Calendar arithmetic: an unknown zone or holiday region, a year outside 0000-9999, an
  // invalid luxon DateTime turned into a Date, `new Date(NaN).toISOString()`.
  if (error instanceof RangeError) return FAILURE_TYPES.invalid;
  if (error instanceof Error && /outside the ISO date range|Invalid DateTime|invalid time value/i.test(error.message)) return FAILURE_TYPES.invalid;
  // Services shared with the API signal a missing row or a refused value with AppError.
  if (error instanceof AppError) return CODE_TO_TYPE[error.code];
  return undefined;
}

/**
 * PostgreSQL's five-character SQLSTATE of a driver error (node-postgres and PGlite both set
 * `code`). Node's own codes (ECONNREFUSED, ETIMEDOUT) are longer or start with E and so never
 * match: a lost connection stays retryable.
 */
function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E') ? code : undefined;
}

type AsyncFn = (...args: never[]) => Promise<unknown>;

/** Wraps every activity of a set so that none can forget to classify its failures. */
export function classifyingFailures<T extends Record<string, AsyncFn>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      {
        // An object literal keeps the activity's own name, which Temporal registers it by.
        async [name](...args: never[]) {
          try {
            return await fn(...args);
          } catch (error) {
            throw classifyFailure(error);
          }
        },
      }[name],
    ]),
  ) as T;
}
