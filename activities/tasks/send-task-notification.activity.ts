import { findProgrammeManagerId } from '../../db/repositories/aims.repository';
import { activeIdsWithRoleOnAims } from '../../db/repositories/memberships.repository';
import { findRecipients } from '../../db/repositories/people.repository';
import { findTaskStanding } from '../../db/repositories/task.repository';
import { ROLES } from '../../domain/roles';
import { notificationKey } from '../../domain/notification-key';
import { AIMS_PROGRAMME_MANAGER, type PlannedNotification, type TaskState } from '../../domain/task';
import { renderTaskEmail, type TaskEmailKind } from '../../mail/templates/task-email';
import { sendOnce, type SendDeps } from '../send-email.activity';

export interface TaskEmailDeps extends SendDeps {
  publicBaseUrl: string;
}

export interface TaskContext {
  task: TaskState;
  itemTitle: string;
  /** Path of the item in the API, e.g. /cases/<id>. */
  itemPath: string;
}

export type NotificationOutcome = 'sent' | 'already-sent' | 'stale' | 'no-recipient';

/**
 * Sends one planned reminder, overdue notice, escalation or chase. The task row is read first:
 * if it was completed, reassigned or given a new date since the plan was made, nothing goes out.
 */
export function createSendTaskNotification(deps: TaskEmailDeps) {
  return async function sendTaskNotification(input: TaskContext & { notification: PlannedNotification }): Promise<NotificationOutcome> {
    const { task, notification } = input;
    const row = await findTaskStanding(deps.db, task.id);
    if (!row || row.status !== 'open' || row.owner_id !== task.ownerId || row.due_date !== task.dueDate) return 'stale';
    return deliver(deps, input, notification.kind, [notification.recipientId], {
      key: notificationKey({ item: `task:${task.id}`, step: task.step, kind: notification.kind, dueDate: task.dueDate, detail: notification.detail }),
      plannedFor: notification.at,
      detail: notification.detail,
    });
  };
}

export interface TaskEventInput extends TaskContext {
  kind: Extract<TaskEmailKind, 'assignment' | 'extension_requested' | 'extension_decided' | 'reassigned' | 'closure'>;
  /** People, 'role:<role>' for everyone who holds that role, or 'aims:programme_manager' for the programme manager of the task's AIMS. */
  recipientIds: string[];
  /** Makes the event unique: the workflow's change number. */
  eventKey: string;
  extension?: { requestedDueDate: string; reason: string; approved?: boolean; comment?: string };
  note?: string;
  /** Workflow time of the event: the emails' Date header. */
  at: string;
}

/** What makes a task event's emails unique: each recipient's copy is sent once under it. */
export function taskEventKey(input: Pick<TaskEventInput, 'task' | 'kind' | 'eventKey'>): string {
  return notificationKey({ item: `task:${input.task.id}`, step: input.task.step, kind: input.kind, dueDate: input.task.dueDate, detail: input.eventKey });
}

/** Sends the emails of a task event (assignment, extension request and decision, reassignment, closure). */
export function createSendTaskEvent(deps: TaskEmailDeps) {
  return async function sendTaskEvent(input: TaskEventInput): Promise<NotificationOutcome> {
    return deliver(deps, input, input.kind, input.recipientIds, {
      key: taskEventKey(input),
      extension: input.extension,
      note: input.note,
      plannedFor: input.at,
    });
  };
}

async function deliver(
  deps: TaskEmailDeps,
  context: TaskContext,
  kind: TaskEmailKind,
  recipientIds: string[],
  extra: { key: string; plannedFor?: string; detail?: string; extension?: TaskEventInput['extension']; note?: string },
): Promise<NotificationOutcome> {
  recipientIds = (await expandRoles(deps, context.task.aimsId, recipientIds)).filter((id) => id !== undefined);
  const ids = [...new Set([...recipientIds, context.task.ownerId])];
  const people = await findRecipients(deps.db, ids);
  const byId = new Map(people.map((p) => [p.id, p]));
  const owner = byId.get(context.task.ownerId);
  let outcome: NotificationOutcome = 'no-recipient';
  for (const recipientId of recipientIds) {
    const recipient = byId.get(recipientId);
    if (!recipient?.active) continue;
    const email = renderTaskEmail({
      kind,
      recipientName: recipient.name,
      ownerName: owner?.name ?? 'the owner',
      taskTitle: context.task.title,
      itemRef: context.task.itemRef,
      itemTitle: context.itemTitle,
      itemUrl: `${deps.publicBaseUrl}${context.itemPath}`,
      dueDate: context.task.dueDate,
      detail: extra.detail,
      extension: extra.extension,
      note: extra.note,
    });
    const result = await sendOnce(deps, {
      dedupeKey: `${extra.key}|to:${recipientId}`,
      to: recipient.email,
      ...email,
      plannedFor: extra.plannedFor,
      aimsId: context.task.aimsId,
    });
    outcome = result.alreadySent && outcome === 'no-recipient' ? 'already-sent' : 'sent';
  }
  return outcome;
}

/**
 * 'role:management' or 'role:programme_manager' stands for every active holder of the role on the
 * task's AIMS (organisation-wide or on that AIMS: never another organisation's);
 * 'aims:programme_manager' for the one person the task's AIMS names as its programme manager.
 */
async function expandRoles(deps: TaskEmailDeps, aimsId: string, recipientIds: string[]): Promise<string[]> {
  const expanded: string[] = [];
  for (const id of recipientIds) {
    const role = ROLES.find((r) => id === `role:${r}`);
    if (id === AIMS_PROGRAMME_MANAGER) {
      const programmeManagerId = await findProgrammeManagerId(deps.db, aimsId);
      if (programmeManagerId) expanded.push(programmeManagerId);
    } else expanded.push(...(role ? await activeIdsWithRoleOnAims(deps.db, role, aimsId) : [id]));
  }
  return [...new Set(expanded)];
}
