import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { Person } from '../../db/tables/people.table';
import { first, type TypedForm } from '../form-values';
import { noticeOf, postForm, sendPage, type Outcome } from '../form-post';
import { callApi, signedIn } from '../page-kit';
import { organisationSettingsPage } from '../pages/organisation-settings.page';
import { policyOverrides } from '../programme/policy-fields';

const DONE = { saved: 'The settings are saved: new AIMS start with them, and its emails go out under them.' };

/** An empty field is "none" (the deployment's sender, no reply-to, no default): the API checks the rest as typed. */
const orNull = (value: string | undefined) => (value?.trim() ? value : null);

function settingsBody(typed: TypedForm) {
  return {
    senderName: orNull(first(typed.senderName)),
    replyTo: orNull(first(typed.replyTo)),
    defaultTimeZone: orNull(first(typed.defaultTimeZone)),
    defaultHolidayRegion: orNull(first(typed.defaultHolidayRegion)),
    defaultPolicy: policyOverrides(typed),
  };
}

/** The organisation admins' settings page, read and saved through the API's settings routes. */
export function mountOrganisationPages(router: Router, ctx: ApiContext): void {
  const show = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const settings = await callApi(ctx, { method: 'get', path: '/organisations/:id/settings', params: { id: String(req.params.id) } }, person, req, res);
    sendPage(res, outcome, organisationSettingsPage({ person, settings, outcome }));
  };
  router.get(
    '/organisations/:id/settings',
    signedIn(ctx, (req, res, person) => show(req, res, person, { notice: noticeOf(DONE, req.query.done) })),
  );
  postForm(router, ctx, '/organisations/:id/settings', {
    form: 'organisation',
    calls: (req, typed) => [{ method: 'put', path: '/organisations/:id/settings', params: { id: String(req.params.id) }, body: settingsBody(typed) }],
    done: (req) => `/ui/organisations/${String(req.params.id)}/settings?done=saved`,
    show,
  });
}
