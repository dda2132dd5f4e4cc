import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../domain/app-error';
import { cookieOf } from './cookies';
import { sessionSecretOf } from './session';

// Every form posted to the pages carries a token tied to the browser's secret cookie: the
// session's secret once signed in, a pre-session secret on the sign-in pages (so that nobody can
// sign a victim in to the attacker's account either). The token is a hash of that secret, so it
// is stored nowhere and a page from another site cannot know it. On top of it, a browser's
// Origin and Sec-Fetch-Site headers, when sent, must name this site.

export const CSRF_FIELD = '_csrf';
const BROWSER_COOKIE = 'aims_browser';
const BROWSER_PREFIX = 'b_';
/** A form that posts: the token goes right after its opening tag (our `html` tag escapes every attribute value, so `>` ends the tag). */
const POSTING_FORM = /<form\b[^>]*\bmethod="post"[^>]*>/gi;

export const csrfTokenFor = (secret: string): string => createHash('sha256').update(`csrf\0${secret}`).digest('base64url');

const refused = () => new AppError('forbidden', 'a form from another site cannot act here; reload the page and try again');

function browserSecret(req: Request, res: Response): string {
  const preSession = cookieOf(req, BROWSER_COOKIE);
  const existing = sessionSecretOf(req) ?? (preSession?.startsWith(BROWSER_PREFIX) ? preSession : undefined);
  if (existing) return existing;
  const secret = BROWSER_PREFIX + randomBytes(32).toString('base64url');
  res.cookie(BROWSER_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/ui' });
  return secret;
}

/** A request another site caused: a foreign or opaque (`null`) Origin, or one the browser itself marks cross-site (Sec-Fetch-Site). */
function assertFromOurSite(req: Request): void {
  const fetchSite = req.get('sec-fetch-site');
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') throw refused();
  const origin = req.get('origin');
  if (origin === undefined) return;
  if (!URL.canParse(origin) || new URL(origin).host !== req.get('host')) throw refused();
}

function sameToken(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Puts the token in every posting form of every HTML page under /ui, and checks it (and the
 * request's origin) on every POST before any route sees the form; the field is then removed.
 */
export function csrfProtection(): RequestHandler {
  return (req, res, next) => {
    const token = csrfTokenFor(browserSecret(req, res));
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      const isPage = typeof body === 'string' && /^text\/html/.test(String(res.get('content-type') ?? ''));
      return send(isPage ? body.replace(POSTING_FORM, (tag) => `${tag}<input type="hidden" name="${CSRF_FIELD}" value="${token}" />`) : body);
    };
    if (req.method === 'POST' && req.is('multipart/form-data')) {
      // A file upload is streamed to its route unread, so its form token cannot be checked before
      // the route runs. Browsers send Origin with every POST form; requiring it, naming this host
      // (checked below), is the standard-header defence of OWASP's CSRF guidance.
      if (req.get('origin') === undefined) throw refused();
      assertFromOurSite(req);
    } else if (req.method === 'POST') {
      assertFromOurSite(req);
      const form = (req.body ?? {}) as Record<string, unknown>;
      if (!sameToken(form[CSRF_FIELD], token)) throw refused();
      delete form[CSRF_FIELD];
    }
    next();
  };
}
