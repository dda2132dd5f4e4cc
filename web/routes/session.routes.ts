import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { Person } from '../../db/tables/people.table';
import { endSessionsOfPerson } from '../../db/repositories/sessions.repository';
import { OVERSIGHT_ROLES } from '../../domain/roles';
import { sees, signedIn } from '../page-kit';
import { clearSessionCookie, endSession } from '../session';

/** Where each person works: the programme manager's home, management's dashboard, everyone else's inbox. */
function landingPageOf(person: Person): string {
  if (sees(person, ['programme_manager'])) return '/ui/programme';
  return sees(person, OVERSIGHT_ROLES) ? '/ui/dashboard' : '/ui/inbox';
}

/** The home page that sends each person where they work, and signing out (here, or everywhere). */
export function mountSessionPages(router: Router, ctx: ApiContext): void {
  router.get(
    '/',
    signedIn(ctx, async (_req, res, person) => res.redirect(303, landingPageOf(person))),
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
