import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { Person } from '../../db/tables/people.table';
import { AppError } from '../../domain/app-error';
import { loadAimsFeed } from '../../services/calendar-feeds';
import { callApi, signedIn } from '../page-kit';
import { calendarPage } from '../pages/calendar.page';
import { feedsPage } from '../pages/feeds.page';
import { assertSameOrigin } from '../session';

/** The audit calendar of an AIMS, and a person's calendar feed links. */
export function mountCalendarPages(router: Router, ctx: ApiContext): void {
  router.get(
    '/calendar',
    signedIn(ctx, async (req, res, person) => {
      const aims = await ctx.db.selectFrom('aims').select(['id', 'name']).orderBy('name').execute();
      const wanted = typeof req.query.aimsId === 'string' && /^[0-9a-f-]{36}$/i.test(req.query.aimsId) ? req.query.aimsId : aims[0]?.id;
      if (typeof req.query.aimsId === 'string' && req.query.aimsId && !aims.some((a) => a.id === req.query.aimsId)) throw new AppError('not_found', 'no such AIMS');
      const feed = wanted ? await loadAimsFeed(ctx.db, wanted) : undefined;
      res.type('html').send(calendarPage({ person, aims, feed }));
    }),
  );

  const activeFeedSince = async (person: Person) =>
    (await ctx.db.selectFrom('feed_tokens').select('created_at').where('person_id', '=', person.id).where('revoked_at', 'is', null).executeTakeFirst())?.created_at ?? null;

  router.get(
    '/feeds',
    signedIn(ctx, async (_req, res, person) => void res.type('html').send(feedsPage({ person, activeSince: await activeFeedSince(person) }))),
  );
  router.post(
    '/feeds',
    signedIn(ctx, async (req, res, person) => {
      assertSameOrigin(req);
      const result = await callApi(ctx, { method: 'post', path: '/feeds/token' }, person, req, res);
      const issued = result!.body as { personFeedUrl: string; aimsFeedUrls: { name: string; url: string }[] };
      res.type('html').send(feedsPage({ person, activeSince: await activeFeedSince(person), issued }));
    }),
  );
  router.post(
    '/feeds/revocation',
    signedIn(ctx, async (req, res, person) => {
      assertSameOrigin(req);
      await callApi(ctx, { method: 'delete', path: '/feeds/token' }, person, req, res);
      res.type('html').send(feedsPage({ person, activeSince: null, notice: 'Your calendar links are revoked: calendars subscribed to them stop updating.' }));
    }),
  );
}
