import type { Request, Response } from 'express';
import { z, type ZodType } from 'zod';
import type { Person } from '../db/tables/people.table';
import type { Role } from '../domain/roles';
import type { ItemKind } from '../db/repositories/item-aims.repository';
import type { Reach } from '../services/access';
import type { ApiContext } from './api-context';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route: nobody needs a token for 'public' (health only); 'operator' is the
 * deployment's operator (`people.operator`, no role); otherwise one of the roles.
 */
export type Access = 'public' | 'operator' | readonly Role[];

/**
 * Where a route's answer lives, so that access is checked against the roles the caller holds
 * THERE (per organisation, per AIMS) and nothing out of reach shows (see ARCHITECTURE.md
 * "Organisations and access"). Every route declares one; `api/scope.ts` resolves it.
 * - `{ item, param }`: the item named by the path parameter (default `id`) and so its AIMS; an
 *   item out of reach answers 404 exactly like an unknown id.
 * - `{ aimsInBody }`: the AIMS named by that body field (an item being created in it); out of
 *   reach answers like an unknown AIMS (422 on that field).
 * - `{ person }`: a person named by that path parameter, reachable through a shared organisation.
 * - `{ organisation }`: the organisation named by that path parameter (its settings): one the
 *   caller is no member of answers 404 like an unknown id; the roles are those held on it as a whole.
 * - `'list'`: lists and counts; the handler gets `aimsIds` (the AIMS where the caller holds one
 *   of the route's roles) and must pass them to its queries.
 * - `'organisation'`: people of the caller's organisations (`organisationIds`).
 * - `'self'`: only the caller's own things (tokens, feed link, profile).
 * - `'operator'`: the deployment's operator (organisations), nothing inside them.
 * - `'public'`: no caller (health, the OpenAPI document, token-in-path feeds).
 */
export type Scope =
  | { item: ItemKind; param?: string }
  | { aimsInBody: string }
  | { person: string }
  | { organisation: string }
  | 'list'
  | 'organisation'
  | 'self'
  | 'operator'
  | 'public';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller; always set on routes that are not public. */
  person: Person;
  /** The caller's memberships (narrowed to the pages' current organisation). */
  reach: Reach;
  /** The AIMS this call may see: the scoped item's one, or for lists those where the caller holds one of the route's roles. */
  aimsIds: readonly string[];
  /** The organisations this call may see (people routes). */
  organisationIds: readonly string[];
  /** Set when the call reads AIMS through external auditor grants alone (issue #14): read-only, each read in the trail. */
  externalAudit?: readonly { aimsId: string; grantId: string }[];
  req: Request;
  res: Response;
}

export interface RouteResult<R> {
  status?: number;
  body: R;
}

/**
 * One route: its contract (schemas, roles) and its handler. The same definition mounts the
 * Express handler, validates input, and writes the route into the OpenAPI document, so the
 * document cannot drift from what the API does.
 */
export interface RouteDefinition<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: HttpMethod;
  /** Express syntax: /people/:id */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /** How the route finds the AIMS or organisation it acts on; see `Scope`. */
  scope: Scope;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  response: { status: number; description: string; schema?: ZodType<R>; contentType?: string };
  /** Extra failure statuses worth documenting (401/403/422 are added from the access and schemas). */
  failures?: Record<number, string>;
  /** Returns what the response schema describes: `R` is read from the schema alone, so a handler that drifts from it does not compile. */
  handler: (input: RouteInput<P, Q, B>, ctx: ApiContext) => Promise<RouteResult<NoInfer<R>> | void>;
}

declare const answer: unique symbol;

/**
 * A defined route: erased to `RouteDefinition` for lists (mounting, OpenAPI, runRoute), with its
 * method, path and answer type kept so that callers inside the process (the pages) read typed
 * answers. The answer is a type only; no such property exists at run time.
 */
export type TypedRoute<M extends HttpMethod = HttpMethod, Path extends string = string, R = unknown> = RouteDefinition & {
  readonly method: M;
  readonly path: Path;
  readonly [answer]?: R;
};

/** The body a typed route answers with (undefined for routes that answer with no body). */
export type AnswerOf<T> = T extends { readonly [answer]?: infer R } ? R : never;

/** Keeps the handler's types tied to its schemas, and the route's answer type to its response schema. */
export function defineRoute<
  const M extends HttpMethod,
  const Path extends string,
  P = Record<string, never>,
  Q = Record<string, never>,
  B = undefined,
  R = undefined,
>(route: RouteDefinition<P, Q, B, R> & { method: M; path: Path }): TypedRoute<M, Path, R> {
  return route as unknown as TypedRoute<M, Path, R>;
}

export const uuidParam = z.object({ id: z.uuid() });
