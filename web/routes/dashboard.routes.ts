import type { Request, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { listAimsNames } from '../../db/repositories/aims.repository';
import { listDepartments } from '../../db/repositories/people.repository';
import { callApi, signedIn, visibleTo } from '../page-kit';
import { OVERDUE_ITEMS_ON_PAGE, dashboardPage } from '../pages/dashboard.page';

/** Drops the empty values a form's "All" options send, so they mean "no filter". */
function filled(query: Request['query']): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

/**
 * Management's overdue dashboard: `GET /overdue`, `GET /overdue/trend`, `GET /attention` and each
 * AIMS's `GET /aims/{id}/ai-risks` as the
 * signed-in person (their roles, their validation), drawn as a page.
 */
export function mountDashboardPage(router: Router, ctx: ApiContext): void {
  router.get(
    '/dashboard',
    signedIn(ctx, async (req, res, person) => {
      const { groupBy, ...filter } = filled(req.query);
      // The cursor of a "Next page" link goes to the API as it came: the API refuses a tampered one.
      const query = { ...filter, ...(groupBy ? { groupBy } : {}), limit: String(OVERDUE_ITEMS_ON_PAGE) };
      const view = await callApi(ctx, { method: 'get', path: '/overdue', query }, person, req, res);
      const trendQuery = { ...(filter.aimsId ? { aimsId: filter.aimsId } : {}), ...(filter.kind ? { kind: filter.kind } : {}), weeks: '12' };
      const { points: trend } = await callApi(ctx, { method: 'get', path: '/overdue/trend', query: trendQuery }, person, req, res);
      const { items: attention } = await callApi(ctx, { method: 'get', path: '/attention' }, person, req, res);
      const visible = await visibleTo(ctx, person);
      const [aims, departments] = await Promise.all([listAimsNames(ctx.db, visible.aimsIds), listDepartments(ctx.db, visible.organisationIds)]);
      // AI risk per AIMS from the API's own route, so the page and GET /aims/{id}/ai-risks agree.
      const aiRisks = [];
      for (const a of aims.filter((x) => !filter.aimsId || x.id === filter.aimsId)) {
        aiRisks.push({ aims: a, figures: await callApi(ctx, { method: 'get', path: '/aims/:id/ai-risks', params: { id: a.id } }, person, req, res) });
      }
      res.type('html').send(dashboardPage({ person, view, trend, attention, aiRisks, aims, departments, filter }));
    }),
  );
  // The overdue report's files: the API's own routes with the dashboard's filters.
  router.get(
    '/exports/overdue.csv',
    signedIn(ctx, async (req, res, person) => {
      const csv = await callApi(ctx, { method: 'get', path: '/exports/overdue.csv', query: filled(req.query) }, person, req, res);
      res.type('text/csv; charset=utf-8').send(csv);
    }),
  );
  router.get(
    '/exports/overdue.pdf',
    signedIn(ctx, async (req, res, person) => {
      await callApi(ctx, { method: 'get', path: '/exports/overdue.pdf', query: filled(req.query) }, person, req, res);
    }),
  );
}
