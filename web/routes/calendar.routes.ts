import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { ApiPath } from '../../api/routes';
import { listAimsNames } from '../../db/repositories/aims.repository';
import { findActiveFeedTokenSince } from '../../db/repositories/feed-tokens.repository';
import { hasProgramme } from '../../db/repositories/programme.repository';
import type { Person } from '../../db/tables/people.table';
import { AppError } from '../../domain/app-error';
import { loadAimsFeed } from '../../services/calendar-feeds';
import { callApi, first, signedIn, submitToApi, type Form, visibleTo } from '../page-kit';
import { calendarPage } from '../pages/calendar.page';
import { feedsPage } from '../pages/feeds.page';

/** The audit calendar of an AIMS, and a person's calendar feed links. */
export function mountCalendarPages(router: Router, ctx: ApiContext): void {
  const PROGRAMME_DONE: Record<string, string> = {
    pause: 'The programme is paused: no audit opens until it is resumed.',
    resume: 'The programme is resumed.',
    move: 'The occurrence is moved.',
    skip: 'The occurrence is skipped; later audits catch up its scope.',
  };

  const showCalendar = async (
    req: Request,
    res: Response,
    person: Person,
    aimsId: unknown,
    outcome: { status?: number; notice?: string; error?: string } = {},
  ) => {
    const aims = await listAimsNames(ctx.db, (await visibleTo(ctx, person)).aimsIds);
    const asked = typeof aimsId === 'string' && aimsId ? aimsId : undefined;
    if (asked && !aims.some((a) => a.id === asked)) throw new AppError('not_found', 'no such AIMS');
    const wanted = asked ?? aims[0]?.id;
    const feed = wanted ? await loadAimsFeed(ctx.db, wanted) : undefined;
    // The programme manager steers the programme from here, through the API's programme routes.
    const programmeSaved = wanted && (await hasProgramme(ctx.db, wanted));
    const programme =
      programmeSaved && person.roles.includes('programme_manager')
        ? await callApi(ctx, { method: 'get', path: '/aims/:id/programme', params: { id: wanted } }, person, req, res)
        : undefined;
    res
      .status(outcome.status ?? 200)
      .type('html')
      .send(calendarPage({ person, aims, feed, programme, ...outcome }));
  };

  router.get(
    '/calendar',
    signedIn(ctx, async (req, res, person) => showCalendar(req, res, person, req.query.aimsId, { notice: PROGRAMME_DONE[String(req.query.done)] })),
  );

  const PROGRAMME_CALLS: Record<string, (form: Form) => { path: ApiPath<'post'>; params: Record<string, string>; body: unknown }> = {
    pause: (f) => ({ path: '/aims/:id/programme/pause', params: { id: String(first(f.aimsId)) }, body: { reason: first(f.reason) } }),
    resume: (f) => ({ path: '/aims/:id/programme/resume', params: { id: String(first(f.aimsId)) }, body: { reason: first(f.reason) } }),
    move: (f) => ({
      path: '/aims/:id/programme/occurrences/:index/move',
      params: { id: String(first(f.aimsId)), index: String(first(f.index)) },
      body: { fieldworkStart: first(f.fieldworkStart), reason: first(f.reason) },
    }),
    skip: (f) => ({
      path: '/aims/:id/programme/occurrences/:index/skip',
      params: { id: String(first(f.aimsId)), index: String(first(f.index)) },
      body: { reason: first(f.reason) },
    }),
  };

  router.post(
    '/calendar/programme/:command',
    signedIn(ctx, async (req, res, person) => {
      const command = String(req.params.command);
      const build = PROGRAMME_CALLS[command];
      if (!build) throw new AppError('not_found', 'no such programme command');
      const form = (req.body ?? {}) as Form;
      await submitToApi(ctx, { person, req, res }, [{ method: 'post', ...build(form) }], {
        done: `/ui/calendar?aimsId=${encodeURIComponent(String(first(form.aimsId)))}&done=${command}`,
        refused: (refusal) => showCalendar(req, res, person, first(form.aimsId), { status: refusal.status, error: refusal.message }),
      });
    }),
  );

  const activeFeedSince = (person: Person) => findActiveFeedTokenSince(ctx.db, person.id);

  router.get(
    '/feeds',
    signedIn(ctx, async (_req, res, person) => void res.type('html').send(feedsPage({ person, activeSince: await activeFeedSince(person) }))),
  );
  router.post(
    '/feeds',
    signedIn(ctx, async (req, res, person) => {
      const issued = await callApi(ctx, { method: 'post', path: '/feeds/token' }, person, req, res);
      res.type('html').send(feedsPage({ person, activeSince: await activeFeedSince(person), issued }));
    }),
  );
  router.post(
    '/feeds/revocation',
    signedIn(ctx, async (req, res, person) => {
      await callApi(ctx, { method: 'delete', path: '/feeds/token' }, person, req, res);
      res.type('html').send(feedsPage({ person, activeSince: null, notice: 'Your calendar links are revoked: calendars subscribed to them stop updating.' }));
    }),
  );
}
