import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { AppError } from '../domain/app-error';

/** Seconds a client should wait before trying again when a part behind the API is down. */
export const RETRY_AFTER_SECONDS = 5;

/** gRPC status codes that mean "the Temporal frontend is not there", not "your request is wrong". */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * node-postgres errors (socket codes, PostgreSQL's connection-exception class 08 and the shutdown
 * codes 57P01–57P03) and the pool's own messages when the server went away or never answered.
 */
const PG_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
const PG_DOWN_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /^Client has encountered a connection error/];

function* causes(error: unknown): Generator<unknown> {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    yield current;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
}

function isTemporalDown(error: unknown): boolean {
  for (const cause of causes(error)) {
    if (cause instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    const code = typeof cause === 'object' ? (cause as { code?: unknown }).code : undefined;
    if ((code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) && (cause instanceof ServiceError || 'metadata' in (cause as object))) return true;
  }
  return false;
}

function isDatabaseDown(error: unknown): boolean {
  for (const cause of causes(error)) {
    if (typeof cause !== 'object') continue;
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (PG_DOWN_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && PG_DOWN_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}

/**
 * An outage of Temporal or the database seen while serving a request, as the 503 the client
 * should retry (with Retry-After), instead of a 500: the request itself was fine. Undefined for
 * anything else.
 */
export function fromOutage(error: unknown): AppError | undefined {
  if (isTemporalDown(error)) return new AppError('unavailable', 'Temporal does not answer at the moment; try again shortly');
  if (isDatabaseDown(error)) return new AppError('unavailable', 'the database does not answer at the moment; try again shortly');
  return undefined;
}
