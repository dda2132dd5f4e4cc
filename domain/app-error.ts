import { ZodError } from 'zod';

/** The closed set of ways a request can fail; each has one HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  too_many_requests: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldProblem {
  /** Where the bad value is: `body.email`, `params.id`, `query.status`. */
  field: string;
  reason: string;
}

/** The one error type of the engine; the API's problem handler turns it into problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** Too many attempts of one kind from one client or for one address: try again after `retryAfterSeconds`. */
export class RateLimitedError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', message);
  }
}

export function fromZodError(error: ZodError, where: 'body' | 'params' | 'query'): AppError {
  const fields = error.issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    reason: issue.message,
  }));
  return new AppError('validation_failed', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), fields);
}
