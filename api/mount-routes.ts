import { Router, type Request, type Response } from 'express';
import type { ApiContext } from './api-context';
import { authenticate, requireRole } from './authenticate';
import { AppError, fromZodError } from '../domain/app-error';
import type { RouteDefinition } from './route';

function parseOr400<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } } | undefined, value: unknown, where: 'body' | 'params' | 'query'): T {
  if (!schema) return value as T;
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}

/** Mounts each route with its authentication, role check and validation, in that order. */
export function mountRoutes(routes: readonly RouteDefinition[], ctx: ApiContext): Router {
  const router = Router();
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      const person = route.access === 'public' ? undefined : await authenticate(ctx.db, req.get('authorization'));
      if (person && route.access !== 'public') requireRole(person, route.access);
      if (route.body && !req.is('application/json') && req.body === undefined) {
        throw new AppError('unsupported_media_type', 'send the body as application/json');
      }
      const input = {
        params: parseOr400(route.params, req.params, 'params'),
        query: parseOr400(route.query, req.query, 'query'),
        body: parseOr400(route.body, req.body, 'body'),
        person: person!,
        req,
        res,
      };
      const result = await route.handler(input, ctx);
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
