import type { Actor } from '../../domain/actor';
import { extensionDecider } from '../../domain/extension-decider';
import type { TaskState } from '../../domain/task';
import type { CommandRegistrar } from '../lib/commands';
import type { TaskBook } from './task-book';
import * as taskDef from './task.definitions';
import { assertCanDecideExtension, assertCanReassign, assertCanRequestExtension, openTask } from './task-rules';

export interface ReassignHooks {
  /**
   * Synchronous checks of the owning workflow (refused at once), run by the validator and again by
   * the handler (`inHandler`: where a workflow may guard a newer rule with `patched()`).
   */
  check?(task: TaskState, ownerId: string, inHandler: boolean): void;
  /** Checks that need an activity, and the owning workflow's own bookkeeping, before the save. */
  apply?(task: TaskState, ownerId: string, actor: Actor): Promise<void> | void;
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
    (actor, r) => assertCanRequestExtension(openTask(book.tasks, r.taskId), actor, r.newDueDate),
    async (actor, r) => {
      const task = openTask(book.tasks, r.taskId);
      assertCanRequestExtension(task, actor, r.newDueDate);
      const requestId = book.requestExtension(task, actor, r.newDueDate, r.reason);
      await save();
      await book.sendEvent(task, {
        kind: 'extension_requested',
        recipientIds: decidersOf(task),
        eventKey: `extension-${requestId}`,
        extension: { requestedDueDate: r.newDueDate, reason: r.reason },
      });
      return { requestId };
    },
  );

  command(
    taskDef.decideExtensionUpdate,
    (actor, d) => assertCanDecideExtension(openTask(book.tasks, d.taskId), actor, d.requestId),
    async (actor, d) => {
      const task = openTask(book.tasks, d.taskId);
      assertCanDecideExtension(task, actor, d.requestId);
      book.decideExtension(task, actor, d.requestId, d.approve, d.comment);
      await save();
      const request = task.extensions.find((e) => e.id === d.requestId)!;
      await book.sendEvent(task, {
        kind: 'extension_decided',
        recipientIds: [task.ownerId],
        eventKey: `extension-${d.requestId}-decided`,
        extension: { requestedDueDate: request.requestedDueDate, reason: request.reason, approved: d.approve, comment: d.comment },
      });
    },
  );

  const checkReassign = (task: TaskState, actor: Actor, ownerId: string, inHandler: boolean) => {
    assertCanReassign(task, actor, ownerId);
    hooks.check?.(task, ownerId, inHandler);
  };
  command(
    taskDef.reassignTaskUpdate,
    (actor, r, inHandler) => checkReassign(openTask(book.tasks, r.taskId), actor, r.ownerId, inHandler),
    async (actor, r) => {
      const task = openTask(book.tasks, r.taskId);
      checkReassign(task, actor, r.ownerId, true);
      await hooks.apply?.(task, r.ownerId, actor);
      const managerId = await book.managerOf(r.ownerId);
      const previousOwner = book.reassign(task, r.ownerId, managerId, actor, r.reason);
      await save();
      const eventKey = `${task.id}-${task.extensions.length}-${previousOwner}-${r.ownerId}-${Date.now()}`;
      await book.sendEvent(task, { kind: 'reassigned', recipientIds: [previousOwner], eventKey: `reassigned-${eventKey}` });
      await book.sendEvent(task, { kind: 'assignment', recipientIds: [r.ownerId], eventKey: `assigned-${eventKey}` });
    },
  );
}
