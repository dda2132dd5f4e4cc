import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { ApiContext } from '../api/api-context';
import { authenticate } from '../api/authenticate';
import { allRoutes } from '../api/routes';
import { OVERSIGHT_ROLES } from '../api/routes/overdue.routes';
import { runRoute } from '../api/run-route';
import { overdueFilterQuery } from '../api/schemas/overdue.schema';
import type { Person } from '../db/tables/people.table';
import { AppError, fromZodError } from '../domain/app-error';
import { loadAimsFeed } from '../services/calendar-feeds';
import { overdueTrend } from '../services/overdue-trend';
import { overdueView } from '../services/overdue-view';
import { listOpenTasks, type ListedTask } from '../services/task-listing';
import { extensionDecider, isExtensionDecider } from '../domain/extension-decider';
import { calendarPage } from './pages/calendar.page';
import { ITEMS_PER_GROUP_ON_PAGE, dashboardPage } from './pages/dashboard.page';
import { feedsPage } from './pages/feeds.page';
import { itemPage, personIdsIn } from './pages/item.page';
import { auditView, caseView, certificationView, reviewView } from './item-views';
import { inboxPage } from './pages/inbox.page';
import { messagePage } from './pages/message.page';
import { signInPage } from './pages/sign-in.page';
import { assertSameOrigin, endSession, signedInPerson, startSession } from './session';
import { stepFormFor, type ApiRequest, type FormField, type TypedForm } from './step-forms';

type Form = TypedForm;

const sees = (person: Person, roles: readonly string[]) => person.roles.some((r) => roles.includes(r));

/** Drops the empty values a form's "All" options send, so they mean "no filter". */
function filled(query: Request['query']): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

/** What the inbox says after a form went through, by the form's kind. */
const NOTICES = {
  step: (stillOpen: boolean) => (stillOpen ? 'Saved' : 'Submitted'),
  'extension-request': () => 'More time asked for',
  'extension-decision': () => 'Decided the request for more time for',
};

/** Pages of single items; each path is also the API's path of the item, under /ui. */
const ITEM_PAGES = [
  { path: '/cases/:id', view: caseView },
  { path: '/audits/:id', view: auditView },
  { path: '/reviews/:id', view: reviewView },
  { path: '/aims/:id/certification', view: certificationView },
];

/**
 * The page a browser should see for an API address it navigated to (a link in an email):
 * `/cases/<id>` → `/ui/cases/<id>`. Undefined for anything else.
 */
export function pageForApiPath(path: string): string | undefined {
  if (/^\/(cases|audits|reviews)\/[0-9a-f-]{36}$/i.test(path) || /^\/aims\/[0-9a-f-]{36}\/certification$/i.test(path)) return `/ui${path}`;
  const pack = /^\/reviews\/([0-9a-f-]{36})\/pack\.html$/i.exec(path);
  return pack ? `/ui/reviews/${pack[1]}/pack` : undefined;
}

/** Where to go after signing in: only a page of ours, never another site. */
function safeNext(value: unknown): string | undefined {
  const next = Array.isArray(value) ? value[0] : value;
  return typeof next === 'string' && next.startsWith('/ui/') && !next.startsWith('//') && !next.includes('\\') ? next : undefined;
}

/** Runs a page for the signed-in person; errors become pages (see `pageErrors`). */
function signedIn(ctx: ApiContext, render: (req: Request, res: Response, person: Person) => Promise<void>) {
  return async (req: Request, res: Response) => {
    const person = await signedInPerson(ctx.db, req);
    res.locals.person = person;
    await render(req, res, person);
  };
}

async function renderInbox(ctx: ApiContext, viewer: Person, ownerId: string, extra: { notice?: string; failure?: { taskId: string; message: string; form: Form } } = {}) {
  if (ownerId !== viewer.id && !sees(viewer, OVERSIGHT_ROLES)) throw new AppError('forbidden', "only programme managers and management see another person's tasks");
  const owner = await ctx.db.selectFrom('people').select(['id', 'name']).where('id', '=', ownerId).executeTakeFirst();
  if (!owner) throw new AppError('not_found', 'no such person');
  const [tasks, people] = await Promise.all([
    listOpenTasks(ctx.db, ctx.clock.now(), { ownerId }),
    ctx.db.selectFrom('people').select(['id', 'name']).where('active', '=', true).orderBy('name').execute(),
  ]);
  // Requests for more time waiting for this person, in their own inbox; the workflow still decides who may.
  const toDecide =
    ownerId === viewer.id
      ? (await listOpenTasks(ctx.db, ctx.clock.now(), { pendingExtension: true })).filter(
          (t) => t.ownerId !== viewer.id && isExtensionDecider(extensionDecider(t.approval, t.ownerManagerId), viewer),
        )
      : [];
  const forms = new Map<string, { fields: FormField[]; submitLabel: string }>();
  for (const task of tasks) {
    const form = stepFormFor(task);
    if (form) forms.set(task.id, { fields: await form.fields(task, ctx.db), submitLabel: form.submitLabel });
  }
  return inboxPage({ viewer, owner, tasks, forms, people, toDecide, ...extra });
}

/** The web pages under /ui: server-rendered, signed in with API tokens, forms without scripts. */
export function webRouter(ctx: ApiContext): Router {
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '1mb' }));
  router.use((_req, res, next) => {
    // Pages show personal data: never cached, never framed.
    res.set({ 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'" });
    next();
  });

  router.get('/', signedIn(ctx, async (_req, res, person) => res.redirect(303, sees(person, OVERSIGHT_ROLES) ? '/ui/dashboard' : '/ui/inbox')));
  router.get('/sign-in', async (req, res) => void res.type('html').send(signInPage(undefined, safeNext(req.query.next))));
  router.post('/sign-in', async (req, res) => {
    assertSameOrigin(req);
    const token = String([(req.body as Form | undefined)?.token ?? ''].flat()[0]).trim();
    try {
      await authenticate(ctx.db, `Bearer ${token}`);
    } catch {
      res.status(401).type('html').send(signInPage('That token is unknown or revoked.', safeNext((req.body as Form | undefined)?.next)));
      return;
    }
    startSession(req, res, token);
    res.redirect(303, safeNext((req.body as Form | undefined)?.next) ?? '/ui/');
  });
  router.post('/sign-out', async (req, res) => {
    assertSameOrigin(req);
    endSession(res);
    res.redirect(303, '/ui/sign-in');
  });

  router.get(
    '/dashboard',
    signedIn(ctx, async (req, res, person) => {
      if (!sees(person, OVERSIGHT_ROLES)) throw new AppError('forbidden', 'the overdue dashboard is for programme managers and management');
      const parsed = overdueFilterQuery.safeParse(filled(req.query));
      if (!parsed.success) throw fromZodError(parsed.error, 'query');
      const { groupBy, itemsPerGroup: _all, ...filter } = parsed.data;
      const now = ctx.clock.now();
      const [view, aims, departments] = await Promise.all([
        overdueView(ctx.db, now, filter, groupBy, ITEMS_PER_GROUP_ON_PAGE),
        ctx.db.selectFrom('aims').select(['id', 'name', 'time_zone']).orderBy('name').execute(),
        ctx.db.selectFrom('people').select('department').distinct().where('department', 'is not', null).orderBy('department').execute(),
      ]);
      const zone = aims.find((a) => a.id === filter.aimsId)?.time_zone ?? person.time_zone;
      const trend = await overdueTrend(ctx.db, now, { zone, weeks: 12, aimsId: filter.aimsId, kind: filter.kind });
      res.type('html').send(dashboardPage({ person, view, trend, aims, departments: departments.map((d) => d.department!), filter }));
    }),
  );

  router.get(
    '/inbox',
    signedIn(ctx, async (req, res, person) => {
      const ownerId = typeof req.query.personId === 'string' && req.query.personId ? req.query.personId : person.id;
      if (!/^[0-9a-f-]{36}$/i.test(ownerId)) throw new AppError('not_found', 'no such person');
      const done = typeof req.query.done === 'string' ? await ctx.db.selectFrom('tasks').select(['title', 'status']).where('id', '=', req.query.done).executeTakeFirst().catch(() => undefined) : undefined;
      // A step can be saved and stay open (checklist results before fieldwork closes).
      const what = NOTICES[String(req.query.what) as keyof typeof NOTICES] ? (String(req.query.what) as keyof typeof NOTICES) : 'step';
      const notice = done ? `${NOTICES[what](done.status === 'open')}: ${done.title}.` : undefined;
      res.type('html').send(await renderInbox(ctx, person, ownerId, { notice }));
    }),
  );

  /** The open task a form was posted for, or a 404 page. */
  const openTaskOf = async (req: Request) => {
    const taskId = String(req.params.id);
    const [task] = /^[0-9a-f-]{36}$/i.test(taskId) ? await listOpenTasks(ctx.db, ctx.clock.now(), { taskId }) : [];
    if (!task) throw new AppError('not_found', 'this task is not open any more (done, cancelled or unknown)');
    return task;
  };

  /**
   * Runs a form's API requests in order, each through its route as the API runs it, and answers
   * with the inbox: on success by redirecting to it, on a refusal by showing it with the reason
   * beside the task and what was typed still in place.
   */
  const answerForm = async (req: Request, res: Response, person: Person, task: ListedTask, requests: ApiRequest[], inboxOf: string, what: keyof typeof NOTICES = 'step') => {
    const typed = (req.body ?? {}) as Form;
    try {
      for (const request of requests) {
        const route = allRoutes.find((r) => r.method === 'post' && r.path === request.path)!;
        await runRoute(route, { params: request.params, query: {}, body: request.body, person, req, res }, ctx);
      }
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.code === 'unauthenticated') throw error;
      const message = error.fields.length ? error.fields.map((f) => `${f.field.replace(/^body\./, '')}: ${f.reason}`).join('; ') : error.message;
      res.status(error.status).type('html').send(await renderInbox(ctx, person, inboxOf, { failure: { taskId: task.id, message, form: typed } }));
      return;
    }
    res.redirect(303, `/ui/inbox?done=${task.id}&what=${what}${inboxOf === person.id ? '' : `&personId=${inboxOf}`}`);
  };

  router.post(
    '/tasks/:id/submission',
    signedIn(ctx, async (req, res, person) => {
      assertSameOrigin(req);
      const task = await openTaskOf(req);
      const form = stepFormFor(task);
      if (!form) throw new AppError('validation_failed', 'this step is submitted through the API');
      const requests = await form.requests(task, (req.body ?? {}) as Form, ctx.db);
      await answerForm(req, res, person, task, requests, task.ownerId === person.id ? person.id : task.ownerId);
    }),
  );
  router.post(
    '/tasks/:id/extension-request',
    signedIn(ctx, async (req, res, person) => {
      assertSameOrigin(req);
      const task = await openTaskOf(req);
      const typed = (req.body ?? {}) as Form;
      const body = { newDueDate: [typed.newDueDate].flat()[0], reason: [typed.reason].flat()[0] };
      await answerForm(req, res, person, task, [{ path: '/tasks/:id/extension-requests', params: { id: task.id }, body }], person.id, 'extension-request');
    }),
  );
  router.post(
    '/tasks/:id/extension-decision',
    signedIn(ctx, async (req, res, person) => {
      assertSameOrigin(req);
      const task = await openTaskOf(req);
      const typed = (req.body ?? {}) as Form;
      const approve = [typed.approve].flat()[0];
      const body = { approve: approve === undefined ? undefined : approve === 'yes', comment: [typed.comment].flat()[0] ?? '' };
      await answerForm(req, res, person, task, [{ path: '/tasks/:id/extension-requests/:requestId/decision', params: { id: task.id, requestId: String([typed.requestId].flat()[0]) }, body }], person.id, 'extension-decision');
    }),
  );

  router.get(
    '/calendar',
    signedIn(ctx, async (req, res, person) => {
      const aims = await ctx.db.selectFrom('aims').select(['id', 'name']).orderBy('name').execute();
      const wanted = typeof req.query.aimsId === 'string' && /^[0-9a-f-]{36}$/i.test(req.query.aimsId) ? req.query.aimsId : aims[0]?.id;
      if (typeof req.query.aimsId === 'string' && req.query.aimsId && !aims.some((a) => a.id === req.query.aimsId)) throw new AppError('not_found', 'no such AIMS');
      const feed = wanted ? await loadAimsFeed(ctx.db, wanted) : undefined;
      res.type('html').send(calendarPage({ person, aims, feed }));
    }),
  );

  const activeFeedSince = async (person: Person) =>
    (await ctx.db.selectFrom('feed_tokens').select('created_at').where('person_id', '=', person.id).where('revoked_at', 'is', null).executeTakeFirst())?.created_at ?? null;
  const feedRoute = (method: 'post' | 'delete') => allRoutes.find((r) => r.method === method && r.path === '/feeds/token')!;

  router.get(
    '/feeds',
    signedIn(ctx, async (_req, res, person) => void res.type('html').send(feedsPage({ person, activeSince: await activeFeedSince(person) }))),
  );
  router.post(
    '/feeds',
    signedIn(ctx, async (req, res, person) => {
      assertSameOrigin(req);
      const result = await runRoute(feedRoute('post'), { params: {}, query: {}, body: undefined, person, req, res }, ctx);
      const issued = result!.body as { personFeedUrl: string; aimsFeedUrls: { name: string; url: string }[] };
      res.type('html').send(feedsPage({ person, activeSince: await activeFeedSince(person), issued }));
    }),
  );
  router.post(
    '/feeds/revocation',
    signedIn(ctx, async (req, res, person) => {
      assertSameOrigin(req);
      await runRoute(feedRoute('delete'), { params: {}, query: {}, body: undefined, person, req, res }, ctx);
      res.type('html').send(feedsPage({ person, activeSince: null, notice: 'Your calendar links are revoked: calendars subscribed to them stop updating.' }));
    }),
  );

  for (const item of ITEM_PAGES) {
    router.get(
      item.path,
      signedIn(ctx, async (req, res, person) => {
        // The API's own read of the item, with its role check and validation.
        const route = allRoutes.find((r) => r.method === 'get' && r.path === item.path)!;
        const result = await runRoute(route, { params: req.params, query: {}, body: undefined, person, req, res }, ctx);
        const view = item.view(result!.body as Record<string, unknown>);
        const ids = personIdsIn(view);
        const people = ids.length ? await ctx.db.selectFrom('people').select(['id', 'name']).where('id', 'in', ids).execute() : [];
        res.type('html').send(itemPage(person, view, new Map(people.map((p) => [p.id, p.name]))));
      }),
    );
  }
  router.get(
    '/reviews/:id/pack',
    signedIn(ctx, async (req, res, person) => {
      const route = allRoutes.find((r) => r.method === 'get' && r.path === '/reviews/:id/pack.html')!;
      const result = await runRoute(route, { params: req.params, query: {}, body: undefined, person, req, res }, ctx);
      res.type('html').send(result!.body as string);
    }),
  );

  router.use(pageErrors(ctx));
  return router;
}

/** Errors on pages are pages: sign in again, not allowed, not found, or what was wrong with the input. */
function pageErrors(ctx: ApiContext) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const person = res.locals.person as Person | undefined;
    if (error instanceof AppError && error.code === 'unauthenticated') {
      endSession(res);
      const back = ['/ui', '/ui/'].includes(req.originalUrl) ? '' : `?next=${encodeURIComponent(req.originalUrl)}`;
      if (req.method === 'GET') res.redirect(303, `/ui/sign-in${back}`);
      else res.status(401).type('html').send(messagePage('Signed out', 'Your session ended; sign in again.'));
      return;
    }
    if (error instanceof AppError && error.status < 500) {
      const titles: Record<number, string> = { 403: 'Not allowed', 404: 'Not found', 409: 'Not possible now' };
      res.status(error.status).type('html').send(messagePage(titles[error.status] ?? 'Please check', error.message, person));
      return;
    }
    ctx.log.error({ err: error, path: req.path }, 'page failed');
    res.status(500).type('html').send(messagePage('Something went wrong', 'The page could not be shown; the error is logged.', person));
  };
}
