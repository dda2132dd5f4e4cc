import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, fromZodError, RateLimitedError, type ErrorCode } from '../domain/app-error';
import { fromOutage, RETRY_AFTER_SECONDS } from './unavailable';

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
  too_many_requests: 'Too many requests',
  unavailable: 'Service unavailable',
  internal: 'Internal error',
};

/**
 * Errors raised by Express itself (its body parsers, its router) that a client caused: mapped to
 * the error model so that they answer 4xx, never 500. Body parsers' errors carry a `type`; the
 * router throws a URIError (status 400) when a path segment is not valid percent-encoding.
 */
export function fromExpressError(error: unknown, path = ''): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (error instanceof URIError) {
    // Calendar feed URLs answer the same 404 whatever is wrong with them (see feeds.routes.ts).
    if (path.startsWith('/feeds/')) return new AppError('not_found', 'no such calendar feed');
    return new AppError('bad_request', 'the path is not valid percent-encoding', [{ field: 'path', reason: 'malformed percent-encoding' }]);
  }
  const { type, status, expose } = error as { type?: unknown; status?: unknown; expose?: unknown };
  switch (type) {
    case 'entity.parse.failed':
      return new AppError('bad_request', 'the request body is not valid JSON', [{ field: 'body', reason: 'malformed JSON' }]);
    case 'entity.too.large':
    case 'parameters.too.many':
      return new AppError('payload_too_large', 'the request body is larger than the API accepts');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'the request body encoding is not supported');
  }
  // Any other client error Express marks as safe to show (an aborted or truncated body, …).
  if (expose === true && typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request', 'the request could not be read');
  }
  return undefined;
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `no route ${req.method} ${req.path}`));
};

export function problemHandler(log: { error(obj: object, msg: string): void }): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError =
      error instanceof AppError ? error : error instanceof ZodError ? fromZodError(error, 'body') : (fromExpressError(error, req.path) ?? fromOutage(error));
    if (!appError) log.error({ err: error, method: req.method, path: req.path }, 'unhandled error in a request');
    // An outage is the server's, not the request's: say when to come back rather than fail it for good.
    if (appError?.code === 'unavailable') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    const problem = appError ?? new AppError('internal', 'an unexpected error occurred; it has been logged');
    if (problem.code === 'unauthenticated') res.setHeader('WWW-Authenticate', 'Bearer realm="aims-cycles"');
    if (problem instanceof RateLimitedError) res.setHeader('Retry-After', String(problem.retryAfterSeconds));
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
