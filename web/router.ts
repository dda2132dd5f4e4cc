import express, { Router } from 'express';
import type { ApiContext } from '../api/api-context';
import { pageErrors } from './page-kit';
import { mountCalendarPages } from './routes/calendar.routes';
import { mountDashboardPage } from './routes/dashboard.routes';
import { mountInboxPages } from './routes/inbox.routes';
import { mountItemPages } from './routes/items.routes';
import { mountSessionPages } from './routes/session.routes';

export { pageForApiPath } from './routes/items.routes';

/** The web pages under /ui: server-rendered, signed in with API tokens, forms without scripts. */
export function webRouter(ctx: ApiContext): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));
  router.use((_req, res, next) => {
    // Pages show personal data: never cached, never framed.
    res.set({ 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'" });
    next();
  });
  mountSessionPages(router, ctx);
  mountDashboardPage(router, ctx);
  mountInboxPages(router, ctx);
  mountCalendarPages(router, ctx);
  mountItemPages(router, ctx);
  router.use(pageErrors(ctx));
  return router;
}
