import express, { type Express, type RequestHandler } from 'express';
import { runInteractive } from '../db/connection-lanes';
import type { ApiContext } from './api-context';
import { mountRoutes } from './mount-routes';
import { buildOpenApiDocument, JSON_BODY_LIMIT } from './openapi';
import { notFoundHandler, problemHandler } from './problem-handler';
import { allRoutes } from './routes';

export const API_VERSION = '0.1.0';

/**
 * The Express application: JSON in, JSON or problem+json out, every route from `allRoutes`.
 * `before` is matched ahead of the API's routes but after JSON parsing: the composition root
 * (main/engine.ts) mounts the web pages there, so that the API never imports them, and the
 * 404 and problem handlers still come last for both.
 */
export function createApp(ctx: ApiContext, before: RequestHandler[] = []): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Built at its first request and kept: building it at every start cost ~0.15 s before /readyz.
  let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.set('openapi-document', () => (openApiDocument ??= buildOpenApiDocument(allRoutes, API_VERSION, ctx.config.api.publicBaseUrl)));
  app.use(express.json({ limit: JSON_BODY_LIMIT }));
  // A request's statements go before background work on the embedded database (after the body is
  // read: the body parser calls on from the socket's events, outside the request's context).
  app.use((_req, _res, next) => runInteractive(next));
  for (const handler of before) app.use(handler);
  app.use(mountRoutes(allRoutes, ctx));
  app.use(notFoundHandler);
  app.use(problemHandler(ctx.log));
  return app;
}
