import express, { Router } from 'express';
import type { ApiContext } from '../api/api-context';
import { pageErrors } from './page-kit';
import { mountAiSystemPages } from './routes/ai-systems.routes';
import { mountCalendarPages } from './routes/calendar.routes';
import { mountDashboardPage } from './routes/dashboard.routes';
import { mountInboxPages } from './routes/inbox.routes';
import { mountItemPages } from './routes/items.routes';
import { mountSessionPages } from './routes/session.routes';

import { pageForApiPath } from './routes/items.routes';

/** The web pages under /ui: server-rendered, signed in with API tokens, forms without scripts. */
export function webRouter(ctx: ApiContext): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));
  router.use((_req, res, next) => {
    // Pages show personal data: never cached, never framed.
    res.set({
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    });
    next();
  });
  mountSessionPages(router, ctx);
  mountDashboardPage(router, ctx);
  mountInboxPages(router, ctx);
  mountCalendarPages(router, ctx);
  mountItemPages(router, ctx);
  mountAiSystemPages(router, ctx);
  router.use(pageErrors(ctx));
  return router;
}

/**
 * What the web adds in front of the API, in this order: `/` leads to the pages; a person who
 * opens an email's link (the API address of an item, no token, a browser asking for HTML) lands
 * on the item's page while API clients (bearer token, or asking for JSON) get the JSON as
 * before; then the pages under /ui.
 */
export function webFront(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', (_req, res) => res.redirect(303, '/ui/'));
  router.use((req, res, next) => {
    const page =
      req.method === 'GET' && !req.get('authorization') && req.accepts(['application/json', 'text/html']) === 'text/html'
        ? pageForApiPath(req.path)
        : undefined;
    if (page) res.redirect(303, page);
    else next();
  });
  router.use('/ui', webRouter(ctx));
  return router;
}
