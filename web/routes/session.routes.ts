import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { authenticate } from '../../api/authenticate';
import { OVERSIGHT_ROLES } from '../../domain/roles';
import { first, sees, signedIn, type Form } from '../page-kit';
import { signInPage } from '../pages/sign-in.page';
import { assertSameOrigin, endSession, startSession } from '../session';

/** Where to go after signing in: only a page of ours, never another site. */
function safeNext(value: unknown): string | undefined {
  const next = Array.isArray(value) ? value[0] : value;
  return typeof next === 'string' && next.startsWith('/ui/') && !next.startsWith('//') && !next.includes('\\') ? next : undefined;
}

/** Signing in and out with an API token, and the home page that sends each person where they work. */
export function mountSessionPages(router: Router, ctx: ApiContext): void {
  router.get(
    '/',
    signedIn(ctx, async (_req, res, person) => res.redirect(303, sees(person, OVERSIGHT_ROLES) ? '/ui/dashboard' : '/ui/inbox')),
  );
  router.get('/sign-in', async (req, res) => void res.type('html').send(signInPage(undefined, safeNext(req.query.next))));
  router.post('/sign-in', async (req, res) => {
    assertSameOrigin(req);
    const form = (req.body ?? {}) as Form;
    const token = String(first(form.token) ?? '').trim();
    try {
      await authenticate(ctx.db, `Bearer ${token}`);
    } catch {
      res
        .status(401)
        .type('html')
        .send(signInPage('That token is unknown or revoked.', safeNext(form.next)));
      return;
    }
    startSession(req, res, token);
    res.redirect(303, safeNext(form.next) ?? '/ui/');
  });
  router.post('/sign-out', async (req, res) => {
    assertSameOrigin(req);
    endSession(res);
    res.redirect(303, '/ui/sign-in');
  });
}
