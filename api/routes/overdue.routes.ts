import { AppError } from '../../domain/app-error';
import { OVERSIGHT_ROLES } from '../../domain/roles';
import { findAimsSettings } from '../../services/aims-settings';
import { overdueTrend } from '../../services/overdue-trend';
import { overdueView } from '../../services/overdue-view';
import type { ApiContext } from '../api-context';
import { defineRoute } from '../route';
import { encodeCursor } from '../schemas/fields';
import { overdueFilterQuery, overdueViewSchema, trendQuery, trendSchema } from '../schemas/overdue.schema';

/**
 * An AIMS named in a filter must exist: a typo should not look like "nothing is overdue". One out
 * of the caller's reach is answered as unknown, so its existence does not show.
 */
export async function aimsZoneOr422(ctx: ApiContext, aimsId: string | undefined, reachable: readonly string[]): Promise<string | undefined> {
  if (!aimsId) return undefined;
  const settings = reachable.includes(aimsId) ? await findAimsSettings(ctx.db, aimsId) : undefined;
  if (!settings) throw new AppError('validation_failed', `query.aimsId: no AIMS ${aimsId}`, [{ field: 'query.aimsId', reason: `no AIMS ${aimsId}` }]);
  return settings.aims.time_zone;
}

export const overdueRoutes = [
  defineRoute({
    method: 'get',
    path: '/overdue',
    summary:
      'Overdue tasks of every kind, grouped and filtered, a page at a time (limit, cursor), with the figures of the whole selection (programme managers and management)',
    tag: 'overdue',
    access: OVERSIGHT_ROLES,
    scope: 'list',
    query: overdueFilterQuery,
    response: { status: 200, description: 'a page of overdue tasks, groups in order, the longest overdue first within each group', schema: overdueViewSchema },
    handler: async ({ query, aimsIds }, ctx) => {
      await aimsZoneOr422(ctx, query.aimsId, aimsIds);
      const { groupBy, limit, cursor, ...filter } = query;
      const { next, ...view } = await overdueView(ctx.db, ctx.clock.now(), { ...filter, aimsIds }, groupBy, { limit, after: cursor });
      return { body: { ...view, page: { limit, nextCursor: next ? encodeCursor(next) : null } } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/overdue/trend',
    summary: 'Overdue tasks at the end of each of the last weeks, for a chart (programme managers and management)',
    tag: 'overdue',
    access: OVERSIGHT_ROLES,
    scope: 'list',
    query: trendQuery,
    response: { status: 200, description: "one point a week, ending today in the AIMS's zone (or the caller's)", schema: trendSchema },
    handler: async ({ query, person, aimsIds }, ctx) => {
      const zone = (await aimsZoneOr422(ctx, query.aimsId, aimsIds)) ?? person.time_zone;
      return { body: { zone, points: await overdueTrend(ctx.db, ctx.clock.now(), { ...query, zone, aimsIds }) } };
    },
  }),
];
