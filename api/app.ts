import express, { type Express } from 'express';
import type { ApiContext } from './api-context';
import { mountRoutes } from './mount-routes';
import { buildOpenApiDocument, JSON_BODY_LIMIT } from './openapi';
import { notFoundHandler, problemHandler } from './problem-handler';
import { allRoutes } from './routes';
import { pageForApiPath, webRouter } from '../web/router';

export const API_VERSION = '0.1.0';

/** The Express application: JSON in, JSON or problem+json out, every route from `allRoutes`; the web pages under /ui. */
export function createApp(ctx: ApiContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('openapi-document', buildOpenApiDocument(allRoutes, API_VERSION, ctx.config.api.publicBaseUrl));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  app.get('/', (_req, res) => res.redirect(303, '/ui/'));
  // A person who opens an email's link lands on the item's page; API clients (bearer token, or
  // asking for JSON) get the JSON as before.
  app.use((req, res, next) => {
    const page = req.method === 'GET' && !req.get('authorization') && req.accepts(['application/json', 'text/html']) === 'text/html' ? pageForApiPath(req.path) : undefined;
    if (page) res.redirect(303, page);
    else next();
  });
  app.use('/ui', webRouter(ctx));
  app.use(mountRoutes(allRoutes, ctx));
  app.use(notFoundHandler);
  app.use(problemHandler(ctx.log));
  return app;
}
