import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { endSessionsOfPerson } from '../../db/repositories/sessions.repository';
import { OVERSIGHT_ROLES } from '../../domain/roles';
import { sees, signedIn } from '../page-kit';
import { clearSessionCookie, endSession } from '../session';

/** The home page that sends each person where they work, and signing out (here, or everywhere). */
export function mountSessionPages(router: Router, ctx: ApiContext): void {
  router.get(
    '/',
    signedIn(ctx, async (_req, res, person) => res.redirect(303, sees(person, OVERSIGHT_ROLES) ? '/ui/dashboard' : '/ui/inbox')),
  );
  router.post('/sign-out', async (req, res) => {
    await endSession(ctx, req, res);
    res.redirect(303, '/ui/sign-in');
  });
  router.post(
    '/sign-out/everywhere',
    signedIn(ctx, async (_req, res, person) => {
      await endSessionsOfPerson(ctx.db, person.id, ctx.clock.now());
      clearSessionCookie(res);
      res.redirect(303, '/ui/sign-in');
    }),
  );
}
