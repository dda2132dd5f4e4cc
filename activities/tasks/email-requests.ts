import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import type { TaskState } from '../../domain/task';
import { auditEmail, type AuditEmailRequest } from '../audits/audit-emails';
import { taskEventEmails, type TaskEmailRequest } from './task-event-emails';

/** The emails a command asks its save to queue (`TaskBook.askWithSave`): a task event's, or an audit's notice or report. */
export type EmailRequest = ({ type: 'task_event' } & TaskEmailRequest) | ({ type: 'audit_email' } & AuditEmailRequest);

/** The outbox rows of a save's email requests, in the order they were asked for; task events carry their task as saved. */
export function queuedEmails(aimsId: string, tasks: Record<string, TaskState>, requests: EmailRequest[]): QueuedEmail[] {
  return requests.flatMap(({ type, ...request }) =>
    type === 'audit_email' ? [auditEmail(aimsId, request as AuditEmailRequest)] : taskEventEmails(aimsId, tasks, [request as TaskEmailRequest]),
  );
}
