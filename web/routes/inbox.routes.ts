import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { findPersonName, listActivePersonNames } from '../../db/repositories/people.repository';
import { findTaskTitleAndStatus } from '../../db/repositories/task.repository';
import type { Person } from '../../db/tables/people.table';
import { AppError } from '../../domain/app-error';
import { extensionDecider, isExtensionDecider } from '../../domain/extension-decider';
import { listOpenTasks, type ListedTask } from '../../services/task-listing';
import { callApi, first, signedIn, submitToApi, type Form, visibleTo } from '../page-kit';
import { inboxPage } from '../pages/inbox.page';
import { stepFormFor, type ApiRequest, type FormField } from '../step-forms';

/** What the inbox says after a form went through, by the form's kind. */
const NOTICES = {
  step: (stillOpen: boolean) => (stillOpen ? 'Saved' : 'Submitted'),
  'extension-request': () => 'More time asked for',
  'extension-decision': () => 'Decided the request for more time for',
};
type NoticeKind = keyof typeof NOTICES;

async function renderInbox(
  ctx: ApiContext,
  req: Request,
  res: Response,
  viewer: Person,
  ownerId: string,
  extra: { notice?: string; failure?: { taskId: string; message: string; form: Form } } = {},
) {
  // The API's inbox, as the viewer: it decides whose tasks they may see.
  const { items: tasks } = await callApi(ctx, { method: 'get', path: '/tasks', query: { ownerId } }, viewer, req, res);
  const visible = await visibleTo(ctx, viewer);
  const [owner, people] = await Promise.all([findPersonName(ctx.db, ownerId), listActivePersonNames(ctx.db, visible.organisationIds)]);
  if (!owner) throw new AppError('not_found', 'no such person');
  // Requests for more time waiting for this person, in their own inbox; the workflow still decides who may.
  const toDecide =
    ownerId === viewer.id
      ? (await listOpenTasks(ctx.db, ctx.clock.now(), { pendingExtension: true, aimsIds: visible.aimsIds })).filter(
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

/** A person's inbox and the forms posted from it: steps, requests for more time, their decisions. */
export function mountInboxPages(router: Router, ctx: ApiContext): void {
  router.get(
    '/inbox',
    signedIn(ctx, async (req, res, person) => {
      const ownerId = typeof req.query.personId === 'string' && req.query.personId ? req.query.personId : person.id;
      if (!/^[0-9a-f-]{36}$/i.test(ownerId)) throw new AppError('not_found', 'no such person');
      const done = typeof req.query.done === 'string' ? await findTaskTitleAndStatus(ctx.db, req.query.done).catch(() => undefined) : undefined;
      // A step can be saved and stay open (checklist results before fieldwork closes).
      const what: NoticeKind = String(req.query.what) in NOTICES ? (String(req.query.what) as NoticeKind) : 'step';
      const notice = done ? `${NOTICES[what](done.status === 'open')}: ${done.title}.` : undefined;
      res.type('html').send(await renderInbox(ctx, req, res, person, ownerId, { notice }));
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
   * Runs a form's API requests in order and answers with the inbox: on success by redirecting to
   * it, on a refusal by showing it with the reason beside the task and what was typed in place.
   */
  const answerForm = async (
    req: Request,
    res: Response,
    person: Person,
    task: ListedTask,
    requests: ApiRequest[],
    inboxOf: string,
    what: NoticeKind = 'step',
  ) => {
    const calls = requests.map((request) => ({ method: 'post' as const, ...request }));
    await submitToApi(ctx, { person, req, res }, calls, {
      done: `/ui/inbox?done=${task.id}&what=${what}${inboxOf === person.id ? '' : `&personId=${inboxOf}`}`,
      refused: async (refusal) => {
        const page = await renderInbox(ctx, req, res, person, inboxOf, {
          failure: { taskId: task.id, message: refusal.message, form: (req.body ?? {}) as Form },
        });
        res.status(refusal.status).type('html').send(page);
      },
    });
  };

  router.post(
    '/tasks/:id/submission',
    signedIn(ctx, async (req, res, person) => {
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
      const task = await openTaskOf(req);
      const typed = (req.body ?? {}) as Form;
      const body = { newDueDate: first(typed.newDueDate), reason: first(typed.reason) };
      await answerForm(req, res, person, task, [{ path: '/tasks/:id/extension-requests', params: { id: task.id }, body }], person.id, 'extension-request');
    }),
  );
  router.post(
    '/tasks/:id/extension-decision',
    signedIn(ctx, async (req, res, person) => {
      const task = await openTaskOf(req);
      const typed = (req.body ?? {}) as Form;
      const approve = first(typed.approve);
      const body = { approve: approve === undefined ? undefined : approve === 'yes', comment: first(typed.comment) ?? '' };
      const params = { id: task.id, requestId: String(first(typed.requestId)) };
      await answerForm(req, res, person, task, [{ path: '/tasks/:id/extension-requests/:requestId/decision', params, body }], person.id, 'extension-decision');
    }),
  );
}
