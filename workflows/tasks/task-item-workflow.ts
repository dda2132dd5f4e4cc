import { setHandler } from '@temporalio/workflow';
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
>(spec: ItemWorkflowSpec<S, Saved, Recorded> & { item: ItemDescription }): TaskItemWorkflow<S> {
  const kit = startItemWorkflow(spec);
  const host: TaskHost = {
    attention: kit.attention,
    afterAnswer: new AfterAnswer(kit.attention),
    lock: kit.lock,
    aimsId: spec.state.aimsId,
    workflowId: spec.state.workflowId,
    ...spec.item,
    recordChange: (c) => kit.log.record(c),
  };
  const book = new TaskBook(spec.state.tasks, host);
  kit.checkpoint.afterUndo(() => book.resumeTracking());
  // No patch needed: the handler acts only on a signal no earlier history holds.
  setHandler(personChangedSignal, (change) => book.applyPersonChange(change));
  return { ...kit, book, host };
}
