import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { listPeople } from '../../db/repositories/people.repository';
import { organisationForNew } from '../../api/scope';
import { loadReach } from '../../services/access';
import type { Person } from '../../db/tables/people.table';
import { CONTROLS } from '../../domain/reference/iso42001';
import { all, first, type TypedForm } from '../form-values';
import { noticeOf, postForm, sendPage, type Outcome } from '../form-post';
import { callApi, refusalOf, signedIn, visibleTo } from '../page-kit';
import { aimsPage } from '../pages/aims.page';
import { aimsSetupPage } from '../pages/aims-setup.page';
import { soaPage } from '../pages/soa.page';
import { policyOverrides } from '../programme/policy-fields';

const DONE = {
  created: 'The AIMS is set up; every Annex A control starts applicable.',
  settings: 'The settings are saved: what is planned next follows them.',
  soa: 'The Statement of Applicability is saved.',
};

/** The body of POST /aims from the set-up form, every field as typed (the API checks them). */
function newAimsBody(typed: TypedForm) {
  return {
    name: first(typed.name),
    scope: first(typed.scope) ?? '',
    timeZone: first(typed.timeZone),
    holidayRegion: first(typed.holidayRegion)?.trim() || null,
    closedDays: (first(typed.closedDays) ?? '')
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean),
    programmeManagerId: first(typed.programmeManagerId),
    policy: policyOverrides(typed),
  };
}

/** The organisation a new AIMS of this person goes into, as the API decides it; none when that needs choosing. */
async function newAimsOrganisation(ctx: ApiContext, person: Person): Promise<string | undefined> {
  try {
    return organisationForNew(await loadReach(ctx.db, person.id), ['admin', 'programme_manager']);
  } catch {
    return undefined;
  }
}

/** Setting up an AIMS, its page, and its Statement of Applicability. */
export function mountAimsPages(router: Router, ctx: ApiContext): void {
  // Who may run an AIMS: the people the API accepts as its programme manager.
  const managersOf = async (person: Person) =>
    (await listPeople(ctx.db, (await visibleTo(ctx, person)).organisationIds))
      .filter((p) => p.active && p.roles.includes('programme_manager'))
      .map((p) => ({ id: p.id, name: p.name }));
  // The form starts from the organisation's defaults, read through the API's settings route (as the API applies them).
  const defaultsFor = async (req: Request, res: Response, person: Person) => {
    const id = await newAimsOrganisation(ctx, person);
    if (!id) return undefined;
    try {
      const settings = await callApi(ctx, { method: 'get', path: '/organisations/:id/settings', params: { id } }, person, req, res);
      return { timeZone: settings.defaultTimeZone, holidayRegion: settings.defaultHolidayRegion, policy: settings.defaultPolicy };
    } catch (error) {
      if (refusalOf(error)) return undefined;
      throw error;
    }
  };
  const showSetup = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    sendPage(res, outcome, aimsSetupPage({ person, managers: await managersOf(person), defaults: await defaultsFor(req, res, person), outcome }));
  };
  router.get(
    '/aims/new',
    signedIn(ctx, (req, res, person) => showSetup(req, res, person, {})),
  );
  // Not through postForm: where the browser goes next depends on the id the API gives the new AIMS.
  router.post(
    '/aims',
    signedIn(ctx, async (req, res, person) => {
      const typed = (req.body ?? {}) as TypedForm;
      try {
        const aims = await callApi(ctx, { method: 'post', path: '/aims', body: newAimsBody(typed) }, person, req, res);
        res.redirect(303, `/ui/aims/${aims.id}?done=created`);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        await showSetup(req, res, person, { status: refusal.status, refused: { form: 'aims', message: refusal.message, typed } });
      }
    }),
  );

  const showAims = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const aims = await callApi(ctx, { method: 'get', path: '/aims/:id', params: { id: String(req.params.id) } }, person, req, res);
    sendPage(res, outcome, aimsPage({ person, aims, managers: await managersOf(person), outcome }));
  };
  router.get(
    '/aims/:id',
    signedIn(ctx, (req, res, person) => showAims(req, res, person, { notice: noticeOf(DONE, req.query.done) })),
  );
  postForm(router, ctx, '/aims/:id/settings', {
    form: 'settings',
    calls: (req, typed) => [{ method: 'put', path: '/aims/:id', params: { id: req.params.id }, body: newAimsBody(typed) }],
    done: (req) => `/ui/aims/${String(req.params.id)}?done=settings`,
    show: showAims,
  });

  const showSoa = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const aims = await callApi(ctx, { method: 'get', path: '/aims/:id', params: req.params }, person, req, res);
    const { items } = await callApi(ctx, { method: 'get', path: '/aims/:id/soa', params: req.params }, person, req, res);
    sendPage(res, outcome, soaPage({ person, aims, entries: items, outcome }));
  };
  router.get(
    '/aims/:id/soa',
    signedIn(ctx, (req, res, person) => showSoa(req, res, person, { notice: noticeOf(DONE, req.query.done) })),
  );
  postForm(router, ctx, '/aims/:id/soa', {
    form: 'soa',
    // Only the entries the form changed go to the API, so the record says who changed what.
    calls: async (req, typed, person) => {
      const params = { id: String(req.params.id) };
      const { items } = await callApi(ctx, { method: 'get', path: '/aims/:id/soa', params }, person, req, req.res!);
      const recorded = new Map(items.map((e) => [e.controlId, e]));
      const entries = CONTROLS.flatMap((c) => {
        const applicable = first(typed[`applicable.${c.id}`]);
        if (applicable === undefined) return [];
        const entry = { controlId: c.id, applicable: applicable === 'yes', justification: all(typed[`justification.${c.id}`])[0] ?? '' };
        const before = recorded.get(c.id);
        return before && before.applicable === entry.applicable && before.justification === entry.justification.trim() ? [] : [entry];
      });
      return entries.length ? [{ method: 'put' as const, path: '/aims/:id/soa' as const, params, body: { entries } }] : [];
    },
    done: (req) => `/ui/aims/${String(req.params.id)}/soa?done=soa`,
    show: showSoa,
  });
}
