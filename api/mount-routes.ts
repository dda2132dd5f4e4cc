import { Router, type Request, type Response } from 'express';
import type { ApiContext } from './api-context';
import { authenticateRequest } from './authenticate';
import type { RouteDefinition } from './route';
import { runRoute } from './run-route';

/** Mounts each route with its authentication, role check and validation, in that order. */
export function mountRoutes(routes: readonly RouteDefinition[], ctx: ApiContext): Router {
  const router = Router();
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const caller = route.access === 'public' ? undefined : await authenticateRequest(ctx, req);
      const result = await runRoute(
        route,
        {
          params: req.params,
          query: req.query,
          body: req.body,
          person: caller?.person,
          reach: caller?.reach,
          req,
          res,
          organisationId: req.get('x-organisation-id'),
        },
        ctx,
      );
      if (res.headersSent) return;
      const status = result?.status ?? route.response.status;
      if (result === undefined || result.body === undefined) {
        res.status(status).end();
      } else if (route.response.contentType && route.response.contentType !== 'application/json') {
        res.status(status).type(route.response.contentType).send(result.body);
      } else {
        res.status(status).json(result.body);
      }
    });
  }
  return router;
}
