import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, fromZodError, type ErrorCode } from '../domain/app-error';

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthenticated: 'Authentication required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict with the current state',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  validation_failed: 'Validation failed',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

/** Errors raised by Express's own body parser carry a `type`; map the ones a client can cause. */
function fromExpressError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch ((error as { type: unknown }).type) {
    case 'entity.parse.failed':
      return new AppError('bad_request', 'the request body is not valid JSON', [{ field: 'body', reason: 'malformed JSON' }]);
    case 'entity.too.large':
      return new AppError('payload_too_large', 'the request body is larger than the API accepts');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'the request body encoding is not supported');
    default:
      return undefined;
  }
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `no route ${req.method} ${req.path}`));
};

export function problemHandler(log: { error(obj: object, msg: string): void }): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError =
      error instanceof AppError ? error : error instanceof ZodError ? fromZodError(error, 'body') : fromExpressError(error);
    if (!appError) log.error({ err: error, method: req.method, path: req.path }, 'unhandled error in a request');
    const problem = appError ?? new AppError('internal', 'an unexpected error occurred; it has been logged');
    if (problem.code === 'unauthenticated') res.setHeader('WWW-Authenticate', 'Bearer realm="aims-cycles"');
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({
        type: `/problems/${problem.code.replaceAll('_', '-')}`,
        title: TITLES[problem.code],
        status: problem.status,
        detail: problem.message,
        instance: req.originalUrl,
        ...(problem.fields.length > 0 ? { errors: problem.fields } : {}),
      });
  };
}
