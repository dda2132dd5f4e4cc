import type { Request, Response } from 'express';
import { z, type ZodType } from 'zod';
import type { Person } from '../db/tables/people.table';
import type { Role } from '../domain/roles';
import type { ApiContext } from './api-context';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: nobody needs a token for 'public' (health only); otherwise one of the roles. */
export type Access = 'public' | readonly Role[];

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The caller; always set on routes that are not public. */
  person: Person;
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
