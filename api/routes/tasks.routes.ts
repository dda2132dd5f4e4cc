import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { OVERSIGHT_ROLES, ROLES } from '../../domain/roles';
import { findAimsSettings } from '../../services/aims-settings';
import { findTask, findTaskWithToday } from '../../db/repositories/task.repository';
import { toTaskDto } from '../../services/task-dto';
import * as def from '../../workflows/tasks/task.definitions';
import type { ApiContext } from '../api-context';
import { assertActivePeople, assertProposedDueDates } from '../edge-checks';
import { commandRoutes } from '../command-route';
import { defineRoute } from '../route';
import { calendarDate, optionalParagraph, paragraph, ref } from '../schemas/fields';
import { taskSchema } from '../schemas/task.schema';
import { listedTaskSchema } from '../schemas/overdue.schema';
import { listOpenTasks } from '../../services/task-listing';

// Commands common to every task, whatever workflow owns it: extensions and reassignment.

async function taskOr404(ctx: ApiContext, taskId: string) {
  const task = await findTask(ctx.db, taskId);
  if (!task) throw new AppError('not_found', `no task ${taskId}`);
  return task;
}

async function taskView(ctx: ApiContext, taskId: string) {
  const row = await findTaskWithToday(ctx.db, ctx.clock.now(), taskId);
  return toTaskDto(row, row.today);
}

const taskParams = z.object({ id: z.uuid() });

/** A task command: the task (404), edge checks, the update on the workflow that owns the task, the task as it now is. */
const taskCommand = commandRoutes({
  path: '/tasks/:id',
  tag: 'tasks',
  access: ROLES,
  scope: { item: 'task' },
  params: taskParams,
  response: { description: 'the task after the command', schema: taskSchema },
  failures: {},
  find: taskOr404,
  workflowId: (_ctx, _id, task) => task.workflow_id,
  answer: taskView,
});

export const taskRoutes = [
  defineRoute({
    method: 'get',
    path: '/tasks',
    summary:
      "The caller's inbox: open tasks of every kind, soonest due first, with their item and how late they are (another person's, for programme managers and management)",
    tag: 'tasks',
    access: ROLES,
    scope: 'list',
    query: z.object({ ownerId: ref('a person').optional() }).strict(),
    response: { status: 200, description: 'open tasks', schema: z.object({ items: z.array(listedTaskSchema) }) },
    handler: async ({ query, person, reach, aimsIds }, ctx) => {
      const ownerId = query.ownerId ?? person.id;
      if (ownerId !== person.id && !person.roles.some((r) => OVERSIGHT_ROLES.includes(r))) {
        throw new AppError('forbidden', "only programme managers and management see another person's tasks");
      }
      // Another person's tasks only on the AIMS where the caller oversees; one's own wherever one is a member.
      const within = ownerId === person.id ? aimsIds : reach.aimsWith(OVERSIGHT_ROLES);
      return { body: { items: await listOpenTasks(ctx.db, ctx.clock.now(), { ownerId, aimsIds: within }) } };
    },
  }),
  taskCommand({
    path: 'extension-requests',
    summary: 'Ask for a later due date (the task owner); the manager or management decides',
    body: z.object({ newDueDate: calendarDate, reason: paragraph(5_000, 'give a reason') }).strict(),
    response: { status: 201, description: 'requested', schema: z.object({ requestId: z.uuid(), task: taskSchema }) },
    failures: { 403: 'not the task owner', 404: 'no such task', 409: 'a request is pending, or the limit is reached' },
    check: async (ctx, { body, found: task }) => {
      const settings = (await findAimsSettings(ctx.db, task.aims_id))!;
      assertProposedDueDates(settings, ctx.clock.now(), [{ field: 'body.newDueDate', date: body.newDueDate }]);
    },
    update: def.requestExtensionUpdate,
    args: ({ body, found: task }) => ({ taskId: task.id, ...body }),
    answer: async (ctx, { found: task, result }) => ({ requestId: result.requestId, task: await taskView(ctx, task.id) }),
  }),
  taskCommand({
    path: 'extension-requests/:requestId/decision',
    summary: "Approve or refuse an extension (the owner's manager; management for major nonconformities)",
    params: z.object({ id: z.uuid(), requestId: z.uuid() }),
    body: z.object({ approve: z.boolean(), comment: optionalParagraph(5_000).default('') }).strict(),
    response: { description: 'decided; an approval moves every timer of the task' },
    failures: { 403: 'the caller does not decide this extension', 404: 'no such task or request', 409: 'decided already' },
    update: def.decideExtensionUpdate,
    args: ({ params, body, found: task }) => ({ taskId: task.id, requestId: params.requestId, ...body }),
    answer: (ctx, { found: task }) => taskView(ctx, task.id),
  }),
  taskCommand({
    path: 'reassignment',
    summary: 'Give the task to another owner (programme manager)',
    access: ['programme_manager'],
    body: z.object({ ownerId: ref('an active person'), reason: paragraph(5_000, 'give a reason') }).strict(),
    response: { description: 'reassigned; reminders go to the new owner only' },
    failures: { 404: 'no such task', 409: 'the task is closed' },
    check: (ctx, { body }) => assertActivePeople(ctx, [{ field: 'body.ownerId', id: body.ownerId }]),
    update: def.reassignTaskUpdate,
    args: ({ body, found: task }) => ({ taskId: task.id, ...body }),
    answer: (ctx, { found: task }) => taskView(ctx, task.id),
  }),
];
