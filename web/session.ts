import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ApiContext } from '../api/api-context';
import { endSessionBySecret, findSessionPerson, insertSession, touchSession } from '../db/repositories/sessions.repository';
import type { Person } from '../db/tables/people.table';
import type { SignInMethod } from '../db/tables/web-sessions.table';
import { AppError } from '../domain/app-error';
import { isOutsideEveryGrant } from '../services/external-auditor-access';
import { cookieOf } from './cookies';

// Sessions of the pages are kept server-side (`web_sessions`): the cookie holds a random
// session secret, never an API token, and the table holds only its hash. A session ends on
// sign-out, after SESSION_IDLE_MINUTES without a request, after SESSION_MAX_HOURS in any case,
// and at once when its person is deactivated.

export const SESSION_COOKIE = 'aims_session';
const SESSION_PREFIX = 's_';
/** Write the idle clock at most this often: a page view is not a database write each time. */
const TOUCH_EVERY_MS = 60_000;

export const sessionSecretOf = (req: Request): string | undefined => {
  const value = cookieOf(req, SESSION_COOKIE);
  return value?.startsWith(SESSION_PREFIX) ? value : undefined;
};

/** The person of the request's live session, with the session's id and current organisation; 401 (a sign-in page) otherwise. */
export async function signedInSession(ctx: ApiContext, req: Request): Promise<{ person: Person; sessionId: string; organisationId: string | null }> {
  const secret = sessionSecretOf(req);
  if (!secret) throw new AppError('unauthenticated', 'sign in first');
  const at = ctx.clock.now();
  const found = await findSessionPerson(ctx.db, secret, at, ctx.config.web.session.idleMs);
  if (!found) throw new AppError('unauthenticated', 'your session has ended; sign in again');
  // An external auditor's session ends with their grant (the period is over, or it was revoked).
  if (await isOutsideEveryGrant(ctx.db, found.person.id, at)) {
    await endSessionBySecret(ctx.db, secret, at);
    throw new AppError('unauthenticated', 'your external auditor access is not in force; your session has ended');
  }
  if (at.getTime() - found.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(ctx.db, found.sessionId, at);
  return { person: found.person, sessionId: found.sessionId, organisationId: found.organisationId };
}

/**
 * Starts a session for a person and sets its cookie: HttpOnly, scoped to /ui, SameSite=Lax so
 * that a link in an email (a top-level GET from another site) arrives signed in, while posted
 * forms need the per-session token of `web/csrf.ts` as well.
 */
export async function startSession(ctx: ApiContext, req: Request, res: Response, person: Person, method: SignInMethod): Promise<void> {
  const secret = SESSION_PREFIX + randomBytes(32).toString('base64url');
  await insertSession(ctx.db, person.id, secret, method, ctx.clock.now(), ctx.config.web.session);
  res.cookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/ui',
    maxAge: ctx.config.web.session.absoluteMs,
  });
}

/** Signing out: the session ends on the server (the cookie alone would still be a key otherwise). */
export async function endSession(ctx: ApiContext, req: Request, res: Response): Promise<void> {
  const secret = sessionSecretOf(req);
  if (secret) await endSessionBySecret(ctx.db, secret, ctx.clock.now());
  clearSessionCookie(res);
}

export function clearSessionCookie(res: Response): void {
  res.clearCookie(SESSION_COOKIE, { path: '/ui' });
}
