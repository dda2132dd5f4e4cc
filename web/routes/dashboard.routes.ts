import type { Request, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { OVERSIGHT_ROLES } from '../../api/routes/overdue.routes';
import { overdueFilterQuery } from '../../api/schemas/overdue.schema';
import { AppError, fromZodError } from '../../domain/app-error';
import { overdueTrend } from '../../services/overdue-trend';
import { overdueView } from '../../services/overdue-view';
import { sees, signedIn } from '../page-kit';
import { ITEMS_PER_GROUP_ON_PAGE, dashboardPage } from '../pages/dashboard.page';

/** Drops the empty values a form's "All" options send, so they mean "no filter". */
function filled(query: Request['query']): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

/** Management's overdue dashboard: the overdue view and its trend, filtered as the API filters. */
export function mountDashboardPage(router: Router, ctx: ApiContext): void {
  router.get(
    '/dashboard',
    signedIn(ctx, async (req, res, person) => {
      if (!sees(person, OVERSIGHT_ROLES)) throw new AppError('forbidden', 'the overdue dashboard is for programme managers and management');
      const parsed = overdueFilterQuery.safeParse(filled(req.query));
      if (!parsed.success) throw fromZodError(parsed.error, 'query');
      const { groupBy, itemsPerGroup: _all, ...filter } = parsed.data;
      const now = ctx.clock.now();
      const [view, aims, departments] = await Promise.all([
        overdueView(ctx.db, now, filter, groupBy, ITEMS_PER_GROUP_ON_PAGE),
        ctx.db.selectFrom('aims').select(['id', 'name', 'time_zone']).orderBy('name').execute(),
        ctx.db.selectFrom('people').select('department').distinct().where('department', 'is not', null).orderBy('department').execute(),
      ]);
      const zone = aims.find((a) => a.id === filter.aimsId)?.time_zone ?? person.time_zone;
      const trend = await overdueTrend(ctx.db, now, { zone, weeks: 12, aimsId: filter.aimsId, kind: filter.kind });
      res.type('html').send(dashboardPage({ person, view, trend, aims, departments: departments.map((d) => d.department!), filter }));
    }),
  );
}
