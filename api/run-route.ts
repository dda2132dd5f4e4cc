import type { Request, Response } from 'express';
import type { Person } from '../db/tables/people.table';
import type { Reach } from '../services/access';
import { AppError, fromZodError } from '../domain/app-error';
import type { ApiContext } from './api-context';
import { driftError, responseDrift } from './response-check';
import type { RouteDefinition, RouteResult } from './route';
import { checkRolesAnywhere, reachOf, resolveScope } from './scope';
import { recordExternalAuditorRead } from './external-auditor-trail';
import { refusePeopleDetailFilters } from './external-auditor-reads';

function parseOr422<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } } | undefined,
  value: unknown,
  where: 'body' | 'params' | 'query',
): T {
  if (!schema) return value as T;
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}

export interface RawRouteInput {
  params: unknown;
  query: unknown;
  body: unknown;
  person: Person | undefined;
  /** The caller's reach when it was read with the person (the API's tokens); else `runRoute` reads it. */
  reach?: Reach;
  req: Request;
  res: Response;
  /** The pages' current organisation: the call sees only it. */
  organisationId?: string;
}

/**
 * Checks the caller's role, validates raw input against a route's schemas and runs its handler. The JSON API and the web
 * pages' forms both come through here, so a step submitted from a page is checked exactly like
 * the same step sent to the API.
 */
export async function runRoute(route: RouteDefinition, raw: RawRouteInput, ctx: ApiContext): Promise<RouteResult<unknown> | void> {
  const reach = route.access === 'public' || !raw.person ? undefined : await reachOf(ctx, raw.person, raw.organisationId, raw.reach);
  if (reach) checkRolesAnywhere(route, raw.person!, reach);
  if (route.body && raw.body === undefined && !raw.req.is('application/json')) {
    throw new AppError('unsupported_media_type', 'send the body as application/json');
  }
  const params = parseOr422(route.params, raw.params, 'params');
  // An item in the path is placed before the body is read: out of reach is a 404 whatever was sent.
  const bodyFirst = typeof route.scope === 'object' && 'aimsInBody' in route.scope;
  const early = bodyFirst ? undefined : await resolveScope(route, raw.person, reach!, { params: params as Record<string, unknown>, body: undefined }, ctx);
  const query = parseOr422(route.query, raw.query, 'query');
  const body = parseOr422(route.body, raw.body, 'body');
  const scoped = early ?? (await resolveScope(route, raw.person, reach!, { params: params as Record<string, unknown>, body }, ctx));
  if (scoped.externalAudit) refusePeopleDetailFilters(query);
  if (scoped.externalAudit) await recordExternalAuditorRead(ctx, route, raw, params as Record<string, unknown>, scoped.externalAudit);
  const { organisationId, ...given } = scoped;
  const input = { params, query, body, ...given, req: raw.req, res: raw.res };
  const result = await route.handler(input, organisationId ? { ...ctx, organisationId } : ctx);
  if (ctx.config.api.responseCheck !== 'off' && !raw.res.headersSent) checkAnswer(route, result?.body, ctx);
  return result;
}

/** Holds an answer to its route's response schema (see API_RESPONSE_CHECK): refused when strict, logged otherwise. */
function checkAnswer(route: RouteDefinition, body: unknown, ctx: ApiContext): void {
  const drift = responseDrift(route.response.schema, body);
  if (drift.length === 0) return;
  const error = driftError(route, drift);
  ctx.log.error({ method: route.method, path: route.path, drift }, error.message);
  if (ctx.config.api.responseCheck === 'strict') throw error;
}
