import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import { TASK_OWNER, type TaskState } from '../../domain/task';
import { taskEventKey, type TaskEventInput } from './send-task-notification.activity';

/** The outbox kind of a task event's emails: its payload is a `TaskEventInput`. */
export const TASK_EVENT_EMAIL = 'task_event';

/**
 * A task event's emails as a workflow asks for them: the task by id, since the save that queues
 * them prepares new tasks first (owner, due date) and the emails carry the task as saved.
 */
export type TaskEmailRequest = Pick<TaskEventInput, 'kind' | 'recipientIds' | 'eventKey' | 'extension' | 'note' | 'at' | 'itemTitle' | 'itemPath'> & {
  taskId: string;
};

/** The outbox rows of a save's email requests, each with its task as the save writes it. */
export function taskEventEmails(aimsId: string, tasks: Record<string, TaskState>, requests: TaskEmailRequest[]): QueuedEmail[] {
  return requests.flatMap(({ taskId, ...request }) => {
    const task = tasks[taskId];
    if (!task) return [];
    const payload: TaskEventInput = {
      ...request,
      task: { ...task, extensions: [...task.extensions] },
      recipientIds: request.recipientIds.map((id) => (id === TASK_OWNER ? task.ownerId : id)),
    };
    return [{ key: taskEventKey(payload), aimsId, item: task.workflowId, kind: TASK_EVENT_EMAIL, payload }];
  });
}

/** The same emails naming their item `itemRef` (a new case learns its number in its first save). */
export function referringTo(emails: QueuedEmail[], itemRef: string): QueuedEmail[] {
  return emails.map((email) => {
    if (email.kind !== TASK_EVENT_EMAIL) return email;
    const payload = email.payload as TaskEventInput;
    return { ...email, payload: { ...payload, task: { ...payload.task, itemRef } } };
  });
}
