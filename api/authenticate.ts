import type { Request } from 'express';
import type { Db } from '../db/database';
import { findCallerByToken } from '../db/repositories/api-tokens.repository';
import type { Person } from '../db/tables/people.table';
import type { Role } from '../domain/roles';
import { AppError } from '../domain/app-error';
import { Reach } from '../services/access';
import { assertAccessInForce } from '../services/external-auditor-access';
import { assertUnderLimit, spendAttempt } from '../services/rate-limits';
import type { ApiContext } from './api-context';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The person behind a token, and their reach at the instant of the request (read with them, so the scope need not read it again). */
export interface Caller {
  person: Person;
  reach: Reach;
}

/** Resolves the bearer token of a request to its person and reach, or fails with 401. */
export async function authenticate(db: Db, authorization: string | undefined, at: Date): Promise<Caller> {
  const match = BEARER.exec(authorization ?? '');
  if (!match?.[1]) throw new AppError('unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
  const found = await findCallerByToken(db, match[1], at);
  if (!found) throw new AppError('unauthenticated', 'the API token is unknown, revoked, expired, or its person is inactive');
  assertAccessInForce({ everGranted: found.everGranted, memberships: found.reachRows, grantsInForce: found.grantsInForce });
  return { person: found.person, reach: new Reach(found.reachRows, found.grantsInForce) };
}

/**
 * `authenticate` for requests from the network: a client that has presented too many wrong tokens
 * is refused with 429 (and Retry-After) whatever its token, a right one included, so that once over
 * the limit it learns nothing of the tokens it tries. Only failures count, so a client busy with a
 * valid token is never throttled; a request without any token counts nothing. The limit is read
 * beside the token's lookup (two statements, one round trip), and decides first.
 */
export async function authenticateRequest(ctx: ApiContext, req: Request): Promise<Caller> {
  const authorization = req.get('authorization');
  const limit = ctx.config.web.rateLimits.badTokensPerClient;
  const client = req.ip ?? 'unknown';
  const at = ctx.clock.now();
  const [underLimit, caller] = await Promise.allSettled([
    authorization ? assertUnderLimit(ctx.db, limit, 'bad-token', client, at) : undefined,
    authenticate(ctx.db, authorization, at),
  ]);
  if (underLimit.status === 'rejected') throw underLimit.reason;
  if (caller.status === 'fulfilled') return caller.value;
  const error: unknown = caller.reason;
  if (authorization && error instanceof AppError && error.code === 'unauthenticated') await spendAttempt(ctx.db, limit, 'bad-token', client, at);
  throw error;
}

/** Fails with 403 unless the person holds one of the roles. */
export function requireRole(person: Person, allowed: readonly Role[]): void {
  if (!person.roles.some((role) => allowed.includes(role))) {
    throw new AppError('forbidden', `this needs one of the roles ${allowed.join(', ')}; you have ${person.roles.join(', ') || 'none'}`);
  }
}
