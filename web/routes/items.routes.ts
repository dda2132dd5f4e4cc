import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { callApi, signedIn } from '../page-kit';
import { auditView, caseView, certificationView, reviewView } from '../item-views';
import { itemPage, personIdsIn } from '../pages/item.page';

/** Pages of single items; each path is also the API's path of the item, under /ui. */
const ITEM_PAGES = [
  { path: '/cases/:id', view: caseView },
  { path: '/audits/:id', view: auditView },
  { path: '/reviews/:id', view: reviewView },
  { path: '/aims/:id/certification', view: certificationView },
];

/**
 * The page a browser should see for an API address it navigated to (a link in an email):
 * `/cases/<id>` → `/ui/cases/<id>`. Undefined for anything else.
 */
export function pageForApiPath(path: string): string | undefined {
  if (/^\/(cases|audits|reviews)\/[0-9a-f-]{36}$/i.test(path) || /^\/aims\/[0-9a-f-]{36}\/certification$/i.test(path)) return `/ui${path}`;
  const pack = /^\/reviews\/([0-9a-f-]{36})\/pack\.html$/i.exec(path);
  return pack ? `/ui/reviews/${pack[1]}/pack` : undefined;
}

/** One item's page, from the API's own read of it (its role check and validation included). */
export function mountItemPages(router: Router, ctx: ApiContext): void {
  for (const item of ITEM_PAGES) {
    router.get(
      item.path,
      signedIn(ctx, async (req, res, person) => {
        const result = await callApi(ctx, { method: 'get', path: item.path, params: req.params }, person, req, res);
        const view = item.view(result!.body as Record<string, unknown>);
        const ids = personIdsIn(view);
        const people = ids.length ? await ctx.db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute() : [];
        res.type('html').send(itemPage(person, view, new Map(people.map((p) => [p.id, p.name]))));
      }),
    );
  }
  router.get(
    '/reviews/:id/pack',
    signedIn(ctx, async (req, res, person) => {
      const result = await callApi(ctx, { method: 'get', path: '/reviews/:id/pack.html', params: req.params }, person, req, res);
      res.type('html').send(result!.body as string);
    }),
  );
}
