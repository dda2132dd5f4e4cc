import { loadReach } from '../services/access';
import type { NextFunction, Request, Response } from 'express';
import type { ApiContext } from '../api/api-context';
import { allRoutes, type ApiAnswer, type ApiPath } from '../api/routes';
import { fromExpressError } from '../api/problem-handler';
import { runRoute } from '../api/run-route';
import type { HttpMethod } from '../api/route';
import type { Person } from '../db/tables/people.table';
import { AppError, RateLimitedError } from '../domain/app-error';
import { messagePage } from './pages/message.page';
import { clearSessionCookie, signedInSession } from './session';
import { listOrganisations } from '../db/repositories/organisations.repository';
import { currentOrganisation, pageOrganisationsOf, rememberPageOrganisations } from './current-organisation';
import type { TypedForm } from './form-values';

// What every page handler shares: the signed-in person, calls into the API's own routes, and
// errors turned into pages.

export type Form = TypedForm;
export { first } from './form-values';

/** What a signed-in person's pages may show: the AIMS and organisations they are a member of. */
export async function visibleTo(ctx: ApiContext, person: Person): Promise<{ aimsIds: string[]; organisationIds: string[] }> {
  const all = await loadReach(ctx.db, person.id);
  const current = pageOrganisationsOf(person)?.current;
  const reach = current ? all.within(current) : all;
  return { aimsIds: reach.aimsWith(), organisationIds: reach.organisationsWith() };
}

export const sees = (person: Person, roles: readonly string[]) => person.roles.some((r) => roles.includes(r));

/** Runs a page for the signed-in person; errors become pages (see `pageErrors`). */
export function signedIn(ctx: ApiContext, render: (req: Request, res: Response, person: Person) => Promise<void>) {
  return async (req: Request, res: Response) => {
    const session = await signedInSession(ctx, req);
    // The pages show one organisation at a time: the roles a page checks are those held there.
    const reach = await loadReach(ctx.db, session.person.id);
    const mine = reach.organisationsWith();
    const current = currentOrganisation(session.organisationId, session.person.organisation_id, mine);
    const person = { ...session.person, roles: current ? reach.within(current).allRoles() : [] };
    const names = mine.length > 1 ? (await listOrganisations(ctx.db, mine)).map((o) => ({ id: o.id, name: o.name })) : [];
    // Grants count only at an instant (`loadReach` with one): asked only of someone with no membership.
    const readOnly = mine.length === 0 && (await loadReach(ctx.db, session.person.id, ctx.clock.now())).auditedAims().length > 0;
    rememberPageOrganisations(person, { sessionId: session.sessionId, current, mine: names, readOnly });
    res.locals.person = person;
    await render(req, res, person);
  };
}

/** One call of one of the API's routes, named by its method and path as declared (`ApiPath`). */
export interface ApiCall<M extends HttpMethod = HttpMethod, P extends string = ApiPath<M>> {
  method: M;
  path: P;
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** A call of any of the API's routes, each of its method's paths (for lists of calls of mixed methods). */
export type AnyApiCall = { [M in HttpMethod]: Omit<ApiCall, 'method' | 'path'> & { method: M; path: ApiPath<M> } }[HttpMethod];

/**
 * Calls one of the API's routes as the signed-in person: the same role check, validation and
 * handler as over HTTP, so a page can never do what the API would refuse. Answers with the
 * route's body, typed by its response schema, so a page reads only fields the API sends.
 */
export async function callApi<M extends HttpMethod, P extends ApiPath<M>>(
  ctx: ApiContext,
  call: ApiCall<M, P>,
  person: Person,
  req: Request,
  res: Response,
): Promise<ApiAnswer<M, P>> {
  const route = allRoutes.find((r) => r.method === call.method && r.path === call.path);
  if (!route) throw new Error(`no API route ${call.method} ${call.path}`);
  const organisationId = pageOrganisationsOf(person)?.current;
  const result = await runRoute(route, { params: call.params ?? {}, query: call.query ?? {}, body: call.body, person, req, res, organisationId }, ctx);
  // The route's handler is typed by its response schema (and checked against it when API_RESPONSE_CHECK is on).
  return result?.body as ApiAnswer<M, P>;
}

/** A refusal worth showing beside the form that caused it (4xx), with its fields named. */
export function refusalOf(error: unknown): { status: number; message: string } | undefined {
  if (!(error instanceof AppError) || error.status >= 500 || error.code === 'unauthenticated') return undefined;
  const message = error.fields.length ? error.fields.map((f) => `${f.field.replace(/^body\./, '')}: ${f.reason}`).join('; ') : error.message;
  return { status: error.status, message };
}

/**
 * Answers a posted form: its API calls run in order (the first refusal stops the rest); when all
 * went through the browser is sent on to `done` (303, so a reload posts nothing twice), and a
 * refusal (4xx) is shown by `refused` on the page again with its reason. Anything else is raised
 * for `pageErrors`.
 */
export async function submitToApi(
  ctx: ApiContext,
  page: { person: Person; req: Request; res: Response },
  calls: readonly AnyApiCall[],
  answer: { done: string; refused: (refusal: { status: number; message: string }) => Promise<void> },
): Promise<void> {
  try {
    for (const call of calls) await callApi(ctx, call, page.person, page.req, page.res);
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    await answer.refused(refusal);
    return;
  }
  page.res.redirect(303, answer.done);
}

/** Errors on pages are pages: sign in again, not allowed, not found, or what was wrong with the input. */
export function pageErrors(ctx: ApiContext) {
  return (raised: unknown, req: Request, res: Response, _next: NextFunction) => {
    const person = res.locals.person as Person | undefined;
    // A form too large or a path badly encoded is the client's doing: a 4xx page, not a 500.
    const error = raised instanceof AppError ? raised : (fromExpressError(raised) ?? raised);
    if (error instanceof AppError && error.code === 'unauthenticated') {
      clearSessionCookie(res);
      const back = ['/ui', '/ui/'].includes(req.originalUrl) ? '' : `?next=${encodeURIComponent(req.originalUrl)}`;
      if (req.method === 'GET') res.redirect(303, `/ui/sign-in${back}`);
      else res.status(401).type('html').send(messagePage('Signed out', 'Your session ended; sign in again.'));
      return;
    }
    if (error instanceof AppError && error.status < 500) {
      const titles: Record<number, string> = { 403: 'Not allowed', 404: 'Not found', 409: 'Not possible now', 413: 'Too large', 429: 'Too many attempts' };
      if (error instanceof RateLimitedError) res.set('retry-after', String(error.retryAfterSeconds));
      res
        .status(error.status)
        .type('html')
        .send(messagePage(titles[error.status] ?? 'Please check', error.message, person));
      return;
    }
    ctx.log.error({ err: error, path: req.path }, 'page failed');
    res
      .status(500)
      .type('html')
      .send(messagePage('Something went wrong', 'The page could not be shown; the error is logged.', person));
  };
}
