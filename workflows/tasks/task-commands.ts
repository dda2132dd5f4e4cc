import type { Actor } from '../../domain/actor';
import { extensionDecider } from '../../domain/extension-decider';
import type { TaskState } from '../../domain/task';
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { CommandRegistrar } from '../lib/commands';
import type { TaskBook, TaskEvent } from './task-book';
import * as taskDef from './task.definitions';
import type { ReassignArgs, ReassignPreview } from './task.definitions';
import { assertCanDecideExtension, assertCanReassign, assertCanRequestExtension, openTask } from './task-rules';

export interface ReassignHooks {
  /**
   * Synchronous checks of the owning workflow (refused at once), run by the validator and again
   * under the lock before the handler (`inHandler`: where a workflow may guard a newer rule with
   * `patched()`).
   */
  check?(task: TaskState, ownerId: string, inHandler: boolean): void;
  /** Checks that need an activity, and the owning workflow's own bookkeeping, before the save. */
  apply?(task: TaskState, ownerId: string, actor: Actor): Promise<void> | void;
  /** The record check `apply` would run for this reassignment (the audit team), for a preview that runs none. */
  auditTeam?(task: TaskState, ownerId: string): ReassignPreview['auditTeam'];
}

/** Who is told of an extension request: whoever decides it (`domain/extension-decider.ts`). */
function decidersOf(task: TaskState): string[] {
  const decider = extensionDecider(task.approval, task.ownerManagerId);
  return [decider.kind === 'manager' ? decider.personId : `role:${decider.kind}`];
}

/**
 * The commands every task takes, registered the same way on every workflow that owns tasks:
 * ask for an extension, decide it (an approval moves every timer), reassign.
 */
export function registerTaskCommands(command: CommandRegistrar, book: TaskBook, save: () => Promise<void>, hooks: ReassignHooks = {}): void {
  command(
    taskDef.requestExtensionUpdate,
    (actor, r) => {
      const task = openTask(book.tasks, r.taskId);
      assertCanRequestExtension(task, actor, r.newDueDate);
      return task;
    },
    async (actor, r, task) => {
      const requestId = book.requestExtension(task, actor, r.newDueDate, r.reason);
      const event: TaskEvent = {
        kind: 'extension_requested',
        recipientIds: decidersOf(task),
        eventKey: `extension-${requestId}`,
        extension: { requestedDueDate: r.newDueDate, reason: r.reason },
      };
      const queued = book.queueWithSave(task, event);
      await save();
      if (!queued) await book.sendEvent(task, event);
      return { requestId };
    },
  );

  command(
    taskDef.decideExtensionUpdate,
    (actor, d) => {
      const task = openTask(book.tasks, d.taskId);
      assertCanDecideExtension(task, actor, d.requestId);
      return task;
    },
    async (actor, d, task) => {
      book.decideExtension(task, actor, d.requestId, d.approve, d.comment);
      const request = task.extensions.find((e) => e.id === d.requestId)!;
      const event: TaskEvent = {
        kind: 'extension_decided',
        recipientIds: [task.ownerId],
        eventKey: `extension-${d.requestId}-decided`,
        extension: { requestedDueDate: request.requestedDueDate, reason: request.reason, approved: d.approve, comment: d.comment },
      };
      const queued = book.queueWithSave(task, event);
      await save();
      if (!queued) await book.sendEvent(task, event);
    },
  );

  const checkReassign = (actor: Actor, r: ReassignArgs, inHandler: boolean) => {
    const task = openTask(book.tasks, r.taskId);
    assertCanReassign(task, actor, r.ownerId, r.handover);
    hooks.check?.(task, r.ownerId, inHandler);
    return task;
  };
  // The validator's checks, answered without changing anything (a query leaves no history).
  setHandler(taskDef.reassignPreviewQuery, (actor, r): ReassignPreview => {
    try {
      const task = checkReassign(actor, r, false);
      return { refusal: null, auditTeam: hooks.auditTeam?.(task, r.ownerId) ?? null };
    } catch (error) {
      if (error instanceof ApplicationFailure) return { refusal: error.message, auditTeam: null };
      throw error;
    }
  });

  command(taskDef.reassignTaskUpdate, checkReassign, async (actor, r, task) => {
    await hooks.apply?.(task, r.ownerId, actor);
    const managerId = await book.managerOf(r.ownerId);
    const previousOwner = book.reassign(task, r.ownerId, managerId, actor, r.reason);
    // Unique per reassignment: read from the clock when the emails are asked for (before the save
    // since 'email-outbox', after it before then).
    const eventKey = () => `${task.id}-${task.extensions.length}-${previousOwner}-${r.ownerId}-${Date.now()}`;
    const events = (key: string): TaskEvent[] => [
      { kind: 'reassigned', recipientIds: [previousOwner], eventKey: `reassigned-${key}` },
      { kind: 'assignment', recipientIds: [r.ownerId], eventKey: `assigned-${key}` },
    ];
    const queued = book.emailsGoWithSave();
    if (queued) for (const event of events(eventKey())) book.queueWithSave(task, event);
    await save();
    if (!queued) for (const event of events(eventKey())) await book.sendEvent(task, event);
  });
}
