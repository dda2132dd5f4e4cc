/**
 * A task: one human step with an owner and a due date. Every kind of item (case step, audit
 * task, review input, certification task) is tracked through this one shape, so reminders,
 * escalation and extensions behave the same everywhere. Pure data: workflows hold it.
 */
export type TaskStatus = 'open' | 'done' | 'cancelled';

/** Who decides an extension: the owner's manager (minor), or management (major). */
export type ApprovalLevel = 'manager' | 'management';

export interface ExtensionRequest {
  id: string;
  requestedDueDate: string;
  previousDueDate: string;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
}

export interface TaskState {
  id: string;
  aimsId: string;
  workflowId: string;
  itemType: string;
  itemId: string;
  /** Short human reference of the item, e.g. NC-12. */
  itemRef: string;
  step: string;
  title: string;
  ownerId: string;
  /** First escalation step; resolved when the owner is assigned. */
  ownerManagerId: string | null;
  dueDate: string;
  status: TaskStatus;
  approval: ApprovalLevel;
  maxExtensions: number;
  extensions: ExtensionRequest[];
  createdAt: string;
  completedAt: string | null;
}

export type TaskNotificationKind = 'reminder' | 'overdue' | 'escalation' | 'chase';

/** The next timed email of a task, computed by an activity from the AIMS calendar and policy. */
export interface PlannedNotification {
  kind: TaskNotificationKind;
  /** ISO instant: the workflow sleeps until then. */
  at: string;
  recipientId: string;
  /** Distinguishes notifications of one kind: the reminder's working days, the escalation level, the chase number. */
  detail: string;
}

/**
 * A recipient of a task event that stands for the programme manager the task's AIMS names
 * (aims.programme_manager_id), resolved when the email goes out; unlike 'role:programme_manager',
 * which is every holder of the role in the deployment.
 */
export const AIMS_PROGRAMME_MANAGER = 'aims:programme_manager';

/**
 * A queued email's recipient standing for the task's owner as its save prepares it (a task made
 * for the programme manager learns who that is only then).
 */
export const TASK_OWNER = 'task:owner';
