import type { Request, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { authenticate } from '../../api/authenticate';
import { email as emailField } from '../../api/schemas/fields';
import { checkSignInLink, redeemSignInLink, requestSignInLink } from '../../services/sign-in-links';
import { assertUnderLimit, spendAttempt } from '../../services/rate-limits';
import { first, type Form } from '../page-kit';
import { checkEmailPage, signInPage, tokenSignInPage } from '../pages/sign-in.page';
import { confirmSignInPage, refusedSignInLinkPage } from '../pages/sign-in-link.page';
import { safeNext } from '../safe-next';
import { startSession } from '../session';

const clientOf = (req: Request) => req.ip ?? 'unknown';

/** Signing in: by an emailed single-use link, or (the admins' fallback) by pasting an API token. */
export function mountSignInPages(router: Router, ctx: ApiContext): void {
  const deps = { db: ctx.db, mailer: ctx.mailer, config: ctx.config, now: () => ctx.clock.now(), log: ctx.log };
  const signInData = (next: string | undefined, error?: string) => ({
    next,
    error,
    sso: ctx.config.web.oidc?.label,
    tokenFallback: ctx.config.web.tokenSignIn !== 'off',
  });

  router.get('/sign-in', async (req, res) => void res.type('html').send(signInPage(signInData(safeNext(req.query.next)))));

  router.post('/sign-in', async (req, res) => {
    const form = (req.body ?? {}) as Form;
    const next = safeNext(form.next);
    const parsed = emailField.safeParse(String(first(form.email) ?? '').trim());
    if (!parsed.success) {
      res
        .status(422)
        .type('html')
        .send(signInPage(signInData(next, `email: ${parsed.error.issues[0]?.message ?? 'must be an email address'}`)));
      return;
    }
    await requestSignInLink(deps, { email: parsed.data, nextPath: next, client: clientOf(req) });
    res.type('html').send(checkEmailPage(parsed.data, Math.round(ctx.config.web.signInLinkMs / 60_000)));
  });

  // The link's secret is in this page's URL. Every page is sent with Referrer-Policy: same-origin,
  // so no Referer carries it to another site; not no-referrer, under which browsers post the
  // page's own form with `Origin: null`, an origin the form check refuses.
  router.get('/sign-in/link', async (req, res) => {
    const secret = typeof req.query.token === 'string' ? req.query.token : '';
    const state = secret ? await checkSignInLink(deps, secret) : 'unknown';
    if (state === 'usable') res.type('html').send(confirmSignInPage(secret));
    else res.status(410).type('html').send(refusedSignInLinkPage(state));
  });

  router.post('/sign-in/link', async (req, res) => {
    const secret = String(first((req.body as Form).token) ?? '');
    const used = secret ? await redeemSignInLink(deps, secret, clientOf(req)) : undefined;
    if (!used) {
      const state = secret ? await checkSignInLink(deps, secret) : 'unknown';
      res
        .status(410)
        .type('html')
        .send(refusedSignInLinkPage(state === 'usable' ? 'unknown' : state));
      return;
    }
    await startSession(ctx, req, res, used.person, 'email_link');
    res.redirect(303, safeNext(used.nextPath) ?? '/ui/');
  });

  router.get('/sign-in/token', async (req, res) => {
    if (ctx.config.web.tokenSignIn === 'off') return void res.redirect(303, '/ui/sign-in');
    res.type('html').send(tokenSignInPage(undefined, safeNext(req.query.next)));
  });

  router.post('/sign-in/token', async (req, res) => {
    if (ctx.config.web.tokenSignIn === 'off') return void res.redirect(303, '/ui/sign-in');
    const form = (req.body ?? {}) as Form;
    const next = safeNext(form.next);
    const token = String(first(form.token) ?? '').trim();
    // Wrong tokens pasted here count against the same limit as wrong bearer tokens.
    const limit = ctx.config.web.rateLimits.badTokensPerClient;
    await assertUnderLimit(ctx.db, limit, 'bad-token', clientOf(req), ctx.clock.now());
    const person = (await authenticate(ctx.db, `Bearer ${token}`, ctx.clock.now()).catch(() => undefined))?.person;
    if (!person) {
      await spendAttempt(ctx.db, limit, 'bad-token', clientOf(req), ctx.clock.now());
      res.status(401).type('html').send(tokenSignInPage('That token is unknown, revoked or expired.', next));
      return;
    }
    if (ctx.config.web.tokenSignIn === 'admins' && !person.roles.includes('admin')) {
      res.status(403).type('html').send(tokenSignInPage('Only administrators sign in with a token; use the emailed link instead.', next));
      return;
    }
    await startSession(ctx, req, res, person, 'api_token');
    res.redirect(303, next ?? '/ui/');
  });
}
