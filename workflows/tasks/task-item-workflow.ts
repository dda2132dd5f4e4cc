import { setHandler } from '@temporalio/workflow';
import type { PendingTask, PreparedTasks } from '../../activities/tasks/save-preparing-tasks';
import type { TaskState } from '../../domain/task';
import { AfterAnswer } from '../lib/after-answer';
import { startItemWorkflow, type ItemWorkflow, type ItemWorkflowSpec } from '../lib/item-workflow';
import { TaskBook, type TaskHost } from './task-book';
import { personChangedSignal } from './task.definitions';

/** How a task-owning item describes itself to its tasks (reference, title, link). */
export type ItemDescription = Pick<TaskHost, 'itemType' | 'itemId' | 'itemRef' | 'itemTitle' | 'itemPath'>;

export interface TaskItemWorkflow<S> extends ItemWorkflow<S> {
  book: TaskBook;
  host: TaskHost;
}

/** An item workflow whose human steps are tasks of a TaskBook, resumed after an undo. */
export function startTaskItemWorkflow<
  S extends { version: number; aimsId: string; workflowId: string; tasks: Record<string, TaskState> },
  Saved,
  Recorded = void,
>(
  spec: ItemWorkflowSpec<S, Saved, Recorded> & {
    item: ItemDescription;
    /**
     * The save that also prepares the tasks made since the last one and plans their first emails
     * (`activities/tasks/save-preparing-tasks.ts`): with it a command runs one local activity.
     */
    persistPreparing?: (
      input: Parameters<ItemWorkflowSpec<S, Saved, Recorded>['persist']>[0] & { prepare: PendingTask[] },
    ) => Promise<{ saved: Saved; prepared: PreparedTasks }>;
  },
): TaskItemWorkflow<S> {
  const { persistPreparing } = spec;
  // The book is made after the kit (it records through the kit's log); the save reaches it then.
  let book: TaskBook | undefined;
  // Not async: with nothing to prepare the save is the item's own promise, awaited once as
  // before, so recorded histories replay with the same turns.
  const persist: typeof spec.persist = (input) => {
    const prepare = book?.takePending() ?? [];
    // Emails are asked for only since 'email-outbox' (`TaskBook.emailsGoWithSave`).
    const emailRequests = book?.takeEmails() ?? [];
    if (!persistPreparing || (prepare.length === 0 && emailRequests.length === 0)) return spec.persist(input);
    // An opening retried after a failed save (attention) saves them again; an undone command drops them.
    const giveBack =
      emailRequests.length === 0
        ? undefined
        : (error: unknown) => {
            book!.putBack(prepare, emailRequests);
            throw error;
          };
    return persistPreparing({ ...input, prepare, ...(emailRequests.length > 0 ? { emailRequests } : {}) }).then(({ saved, prepared }) => {
      book!.applyPrepared(prepared, prepare);
      return saved;
    }, giveBack);
  };
  const kit = startItemWorkflow({ ...spec, persist });
  const host: TaskHost = {
    attention: kit.attention,
    afterAnswer: new AfterAnswer(kit.attention),
    lock: kit.lock,
    aimsId: spec.state.aimsId,
    workflowId: spec.state.workflowId,
    ...spec.item,
    recordChange: (c) => kit.log.record(c),
    prepareInSave: persistPreparing !== undefined,
  };
  const tasks = new TaskBook(spec.state.tasks, host);
  book = tasks;
  kit.checkpoint.afterUndo(() => {
    tasks.dropPending();
    tasks.resumeTracking();
  });
  // No patch needed: the handler acts only on a signal no earlier history holds.
  setHandler(personChangedSignal, (change) => tasks.applyPersonChange(change));
  return { ...kit, book: tasks, host };
}
