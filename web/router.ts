import express, { Router } from 'express';
import type { ApiContext } from '../api/api-context';
import { pageErrors } from './page-kit';
import { mountAiSystemPages } from './routes/ai-systems.routes';
import { mountDocumentSupplierPages } from './routes/document-supplier.routes';
import { mountReadinessPage } from './routes/readiness.routes';
import { mountCalendarPages } from './routes/calendar.routes';
import { mountDashboardPage } from './routes/dashboard.routes';
import { mountInboxPages } from './routes/inbox.routes';
import { mountItemPages } from './routes/items.routes';
import { mountPeoplePages } from './routes/people.routes';
import { mountOrganisationPages } from './routes/organisation.routes';
import { mountSessionPages } from './routes/session.routes';
import { mountSignInPages } from './routes/sign-in.routes';
import { mountSsoPages } from './routes/sso.routes';
import { mountTokenPages } from './routes/tokens.routes';
import { csrfProtection } from './csrf';
import { mountAimsPages } from './routes/aims.routes';
import { mountCertificationPages } from './routes/certification.routes';
import { mountProgrammeHome } from './routes/programme-home.routes';
import { mountProgrammePages } from './routes/programme.routes';
import { mountRegisterPages } from './routes/register.routes';
import { mountReviewPages } from './routes/reviews.routes';
import { mountRecordExportPages } from './routes/record-exports.routes';

import { pageForApiPath } from './routes/items.routes';

/** The web pages under /ui: server-rendered, signed in with API tokens, forms without scripts. */
export function webRouter(ctx: ApiContext): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));
  router.use((_req, res, next) => {
    // Pages show personal data: never cached, never framed, no script at all, forms post only
    // here, and no page's address (which may carry a secret) leaves in a Referer.
    res.set({
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'content-security-policy':
        "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    });
    next();
  });
  router.use(csrfProtection());
  mountSignInPages(router, ctx);
  mountSsoPages(router, ctx);
  mountSessionPages(router, ctx);
  mountDashboardPage(router, ctx);
  mountInboxPages(router, ctx);
  mountCalendarPages(router, ctx);
  // The programme manager's pages; ahead of the item pages, whose /cases/:id would take /cases/new.
  mountProgrammeHome(router, ctx);
  mountAimsPages(router, ctx);
  mountRegisterPages(router, ctx);
  mountProgrammePages(router, ctx);
  mountReviewPages(router, ctx);
  mountCertificationPages(router, ctx);
  mountRecordExportPages(router, ctx);
  mountItemPages(router, ctx);
  mountTokenPages(router, ctx);
  mountPeoplePages(router, ctx);
  mountOrganisationPages(router, ctx);
  mountAiSystemPages(router, ctx);
  mountDocumentSupplierPages(router, ctx);
  mountReadinessPage(router, ctx);
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
