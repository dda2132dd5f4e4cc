import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import type { PlannedNotification, TaskState } from '../../domain/task';
import type { WorkflowChange } from '../../domain/workflow-change';
import type { SettingsDeps } from '../load-aims-settings';
import { createPlanNextTaskNotification } from './plan-next-notification.activity';
import { createPrepareTask, type PrepareTaskInput } from './prepare-task.activity';
import { queuedEmails, type EmailRequest } from './email-requests';

/** Told after a save queued emails: the process's outbox sender delivers them once the command has answered rather than at its next look. */
export interface OutboxWaker {
  wake(): void;
}

/** A task the workflow made without its calendar, policy and people fields: the save fills them in. */
export interface PendingTask {
  taskId: string;
  owner: PrepareTaskInput['owner'];
  deadline: PrepareTaskInput['deadline'];
  /** The instant the task was made (workflow time): its deadline counts from it, its first plan looks after it. */
  eventAt: string;
  /** First escalation step instead of the owner's manager. */
  escalateTo?: string;
}

/** What preparing a task finds: the fields a workflow cannot know itself. */
export type PreparedFields = Pick<TaskState, 'ownerId' | 'dueDate' | 'ownerManagerId' | 'maxExtensions'>;

/** What the save found for each pending task, and the task's first timed emails (null: the task's loop asks itself). */
export type PreparedTasks = Record<string, PreparedFields & { plan: PlannedNotification[] | null }>;

type SaveInput = { state: { aimsId: string; tasks: Record<string, TaskState> }; changes: WorkflowChange[]; emails?: QueuedEmail[] };

/**
 * One local activity per command (issue #20): an item's save that also does what a command
 * used to ask for in two more round trips. Before the save's transaction it prepares the tasks
 * the command opened (owner, due date in working days, the owner's manager, the extension limit:
 * `prepareTask`, read only) and completes them and their "assigned" trail entries in the
 * snapshot it writes; beside it, it plans each new task's first timed emails, which the task's
 * loop takes instead of asking (`planNextTaskNotifications`). A plan that fails is left to the
 * loop, which retries it or hands it to attention as before; the save has happened either way.
 *
 * The emails the command asked for (`emailRequests`, since the workflow patch `email-outbox`)
 * are queued in the save's transaction, task events with each task as it is saved, and the
 * outbox sender is woken once it committed (it looks a moment later, after the answer): no email
 * activity, no wait for a relay, and no email without its change.
 */
export function createSavePreparingTasks<I extends SaveInput, Saved>(deps: SettingsDeps & { outbox?: OutboxWaker }, save: (input: I) => Promise<Saved>) {
  const prepareTask = createPrepareTask(deps);
  const plan = createPlanNextTaskNotification(deps);
  return async function savePreparingTasks(
    input: I & { prepare: PendingTask[]; emailRequests?: EmailRequest[] },
  ): Promise<{ saved: Saved; prepared: PreparedTasks }> {
    const { state, changes, prepare, emailRequests = [] } = input;
    const prepared: PreparedTasks = {};
    for (const pending of prepare) {
      const found = await prepareTask({ aimsId: state.aimsId, owner: pending.owner, eventAt: pending.eventAt, deadline: pending.deadline });
      const fields: PreparedFields = {
        ownerId: found.ownerId,
        dueDate: found.dueDate,
        ownerManagerId: pending.escalateTo ?? found.ownerManagerId,
        maxExtensions: found.maxExtensions,
      };
      const task = state.tasks[pending.taskId];
      if (task) Object.assign(task, fields);
      for (const change of changes) {
        if (change.entityType === 'task' && change.entityId === pending.taskId && change.action === 'assigned') {
          change.after = { ...(change.after as object), ownerId: fields.ownerId, dueDate: fields.dueDate };
        }
      }
      prepared[pending.taskId] = { ...fields, plan: null };
    }
    // Each new task's first timed emails depend on its people and the calendar, not on the save:
    // planned while the save runs, so the command's answer waits for the longer of the two.
    const plans = prepare.map(async (pending) => {
      const fields = prepared[pending.taskId]!;
      const task = {
        aimsId: state.aimsId,
        ownerId: fields.ownerId,
        ownerManagerId: fields.ownerManagerId,
        dueDate: fields.dueDate,
        createdAt: pending.eventAt,
      };
      return plan({ task, after: pending.eventAt }).catch(() => null);
    });
    const emails = queuedEmails(state.aimsId, state.tasks, emailRequests);
    const saved = await save(emails.length > 0 ? { ...input, emails } : input);
    if (emails.length > 0) deps.outbox?.wake();
    const planned = await Promise.all(plans);
    prepare.forEach((pending, i) => {
      prepared[pending.taskId]!.plan = planned[i]!;
    });
    return { saved, prepared };
  };
}
