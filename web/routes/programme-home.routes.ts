import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { listAimsNames } from '../../db/repositories/aims.repository';
import { callApi, signedIn, visibleTo } from '../page-kit';
import { programmeHomePage } from '../pages/programme-home.page';

/** The programme manager's home: what needs them now, read through the API's own routes. */
export function mountProgrammeHome(router: Router, ctx: ApiContext): void {
  router.get(
    '/programme',
    signedIn(ctx, async (req, res, person) => {
      const { items: tasks } = await callApi(ctx, { method: 'get', path: '/tasks' }, person, req, res);
      // Grouped by age, the first page is the longest overdue, oldest first.
      const overdueView = await callApi(ctx, { method: 'get', path: '/overdue', query: { groupBy: 'age', limit: '20' } }, person, req, res);
      const overdue = overdueView.groups.flatMap((g) => g.items);
      const audits = (await callApi(ctx, { method: 'get', path: '/audits' }, person, req, res)).items.filter((a) =>
        ['planning', 'fieldwork', 'reporting'].includes(a.status),
      );
      const reviews = await callApi(ctx, { method: 'get', path: '/reviews' }, person, req, res);
      res
        .type('html')
        .send(programmeHomePage({ person, aims: await listAimsNames(ctx.db, (await visibleTo(ctx, person)).aimsIds), tasks, overdue, audits, reviews }));
    }),
  );
}
