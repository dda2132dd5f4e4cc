import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { AppError } from '../../domain/app-error';
import { beginOidcSignIn, finishOidcSignIn, type PendingSignIn } from '../../services/oidc-sign-in';
import { cookieOf } from '../cookies';
import { safeNext } from '../safe-next';
import { startSession } from '../session';

const PENDING_COOKIE = 'aims_oidc';
const PENDING_PATH = '/ui/sign-in/sso';
const TEN_MINUTES_MS = 10 * 60 * 1000;

function readPending(value: string | undefined): PendingSignIn | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<PendingSignIn>;
    if (typeof parsed.state !== 'string' || typeof parsed.nonce !== 'string' || typeof parsed.verifier !== 'string') return undefined;
    return { state: parsed.state, nonce: parsed.nonce, verifier: parsed.verifier, next: safeNext(parsed.next) };
  } catch {
    return undefined;
  }
}

/**
 * Single sign-on (when OIDC_ISSUER is set): a link on the sign-in page leaves for the provider;
 * the provider sends the browser back to the callback. The PKCE verifier, state and nonce wait
 * in an HttpOnly cookie scoped to these two paths (SameSite=Lax: the return is a top-level
 * navigation from the provider's site), used once.
 */
export function mountSsoPages(router: Router, ctx: ApiContext): void {
  const settings = () => {
    const oidc = ctx.config.web.oidc;
    if (!oidc) throw new AppError('not_found', 'single sign-on is not set up here');
    return oidc;
  };
  const callbackUrl = () => `${ctx.config.api.publicBaseUrl}${PENDING_PATH}/callback`;

  router.get('/sign-in/sso', async (req, res) => {
    const { url, pending } = await beginOidcSignIn(settings(), ctx.secrets, callbackUrl(), safeNext(req.query.next));
    res.cookie(PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString('base64url'), {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: PENDING_PATH,
      maxAge: TEN_MINUTES_MS,
    });
    res.redirect(303, url);
  });

  router.get('/sign-in/sso/callback', async (req, res) => {
    const oidc = settings();
    const pending = readPending(cookieOf(req, PENDING_COOKIE));
    res.clearCookie(PENDING_COOKIE, { path: PENDING_PATH });
    if (!pending) throw new AppError('forbidden', 'this sign-in did not start in this browser, or took too long; sign in again');
    // The URL the provider redirected to, as registered: the code and state are in its query.
    const returned = new URL(callbackUrl());
    returned.search = new URL(req.originalUrl, 'http://callback').search;
    const person = await finishOidcSignIn({ db: ctx.db, settings: oidc, secrets: ctx.secrets, now: () => ctx.clock.now() }, returned, pending);
    await startSession(ctx, req, res, person, 'oidc');
    res.redirect(303, pending.next ?? '/ui/');
  });
}
