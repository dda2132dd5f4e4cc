import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { Person } from '../../db/tables/people.table';
import { endSessionsOfPerson } from '../../db/repositories/sessions.repository';
import { OVERSIGHT_ROLES } from '../../domain/roles';
import { setSessionOrganisation } from '../../db/repositories/sessions.repository';
import { AppError } from '../../domain/app-error';
import { pageOrganisationsOf } from '../current-organisation';
import { first, sees, signedIn, type Form } from '../page-kit';
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
  // The switcher: only an organisation of the person's own is offered, and only one of theirs is taken.
  router.post(
    '/session/organisation',
    signedIn(ctx, async (req, res, person) => {
      const organisations = pageOrganisationsOf(person)!;
      const chosen = first(((req.body ?? {}) as Form).organisationId) ?? '';
      if (!organisations.mine.some((o) => o.id === chosen)) throw new AppError('not_found', `no organisation ${chosen}`);
      await setSessionOrganisation(ctx.db, organisations.sessionId, chosen);
      res.redirect(303, '/ui/');
    }),
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
