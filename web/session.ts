import type { Request, Response } from 'express';
import type { Db } from '../db/database';
import type { Person } from '../db/tables/people.table';
import { authenticate } from '../api/authenticate';
import { AppError } from '../domain/app-error';

const COOKIE = 'aims_session';
const EIGHT_HOURS_MS = 8 * 60 * 60 * 1000;

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    // A cookie that is not valid percent-encoding is no session (sign in again), not a 500.
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The pages sign in with the same API tokens as the API: the token is kept in an HttpOnly,
 * SameSite=Strict cookie scoped to /ui and checked on every request, so a revoked token or a
 * deactivated person is signed out at once and roles are the API's roles.
 */
export async function signedInPerson(db: Db, req: Request): Promise<Person> {
  const token = cookieOf(req, COOKIE);
  if (!token) throw new AppError('unauthenticated', 'sign in first');
  return authenticate(db, `Bearer ${token}`);
}

export function startSession(req: Request, res: Response, token: string): void {
  res.cookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/ui', maxAge: EIGHT_HOURS_MS });
}

export function endSession(res: Response): void {
  res.clearCookie(COOKIE, { path: '/ui' });
}

/**
 * Forms post only from our own pages: SameSite=Strict keeps the cookie off cross-site posts, and
 * a browser's Origin header, when sent, must name this host.
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.get('origin');
  if (!origin || origin === 'null') return;
  // An Origin that is not a URL names no site at all: refused like a foreign one.
  if (!URL.canParse(origin) || new URL(origin).host !== req.get('host')) throw new AppError('forbidden', 'a form from another site cannot act here');
}
