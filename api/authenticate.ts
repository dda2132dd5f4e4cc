import type { Request } from 'express';
import type { Db } from '../db/database';
import { findPersonByToken } from '../db/repositories/api-tokens.repository';
import type { Person } from '../db/tables/people.table';
import type { Role } from '../domain/roles';
import { AppError } from '../domain/app-error';
import { assertAccessInForce } from '../services/external-auditor-access';
import { assertUnderLimit, spendAttempt } from '../services/rate-limits';
import type { ApiContext } from './api-context';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Resolves the bearer token of a request to its person, or fails with 401. */
export async function authenticate(db: Db, authorization: string | undefined, at?: Date): Promise<Person> {
  const match = BEARER.exec(authorization ?? '');
  if (!match?.[1]) throw new AppError('unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
  const person = await findPersonByToken(db, match[1], at);
  if (!person) throw new AppError('unauthenticated', 'the API token is unknown, revoked, expired, or its person is inactive');
  await assertAccessInForce(db, person, at ?? new Date());
  return person;
}

/**
 * `authenticate` for requests from the network: a client that has presented too many wrong tokens
 * is refused with 429 (and Retry-After) before its token is looked at. Only failures count, so a
 * client busy with a valid token is never throttled; a request without any token counts nothing.
 */
export async function authenticateRequest(ctx: ApiContext, req: Request): Promise<Person> {
  const authorization = req.get('authorization');
  const limit = ctx.config.web.rateLimits.badTokensPerClient;
  const client = req.ip ?? 'unknown';
  if (authorization) await assertUnderLimit(ctx.db, limit, 'bad-token', client, ctx.clock.now());
  try {
    return await authenticate(ctx.db, authorization, ctx.clock.now());
  } catch (error) {
    if (authorization && error instanceof AppError && error.code === 'unauthenticated') await spendAttempt(ctx.db, limit, 'bad-token', client, ctx.clock.now());
    throw error;
  }
}

/** Fails with 403 unless the person holds one of the roles. */
export function requireRole(person: Person, allowed: readonly Role[]): void {
  if (!person.roles.some((role) => allowed.includes(role))) {
    throw new AppError('forbidden', `this needs one of the roles ${allowed.join(', ')}; you have ${person.roles.join(', ') || 'none'}`);
  }
}
