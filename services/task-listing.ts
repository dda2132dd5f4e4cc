import type { Db } from '../db/database';
import { listOpenTaskRows } from '../db/repositories/task.repository';
import type { ApprovalLevel, ExtensionRequest } from '../domain/task';

/** Every kind of item that owns tasks, as `tasks.item_type` names it. */
export const TASK_KINDS = ['nc_case', 'audit', 'management_review', 'certification', 'ai_system', 'document', 'supplier'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const KIND_LABELS: Record<TaskKind, string> = {
  nc_case: 'Corrective action',
  audit: 'Internal audit',
  management_review: 'Management review',
  certification: 'Certification',
  ai_system: 'AI system',
  document: 'Document',
  supplier: 'Supplier',
};

/** How long a task has been overdue, in calendar days after its due date. */
export const AGE_BUCKETS = ['1-7', '8-30', '31-90', '90+'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export const BUCKET_RANGES: Record<AgeBucket, [number, number]> = { '1-7': [1, 7], '8-30': [8, 30], '31-90': [31, 90], '90+': [91, 1_000_000] };

export function ageBucketOf(daysOverdue: number): AgeBucket | null {
  return AGE_BUCKETS.find((b) => daysOverdue >= BUCKET_RANGES[b][0] && daysOverdue <= BUCKET_RANGES[b][1]) ?? null;
}

export interface TaskListFilter {
  taskId?: string;
  aimsId?: string;
  /** The reach filter: tasks of these AIMS only (undefined: no restriction). */
  aimsIds?: readonly string[];
  ownerId?: string;
  department?: string;
  severity?: 'major' | 'minor';
  kind?: TaskKind;
  age?: AgeBucket;
  overdueOnly?: boolean;
  /** Only tasks with an extension request waiting for a decision. */
  pendingExtension?: boolean;
}

/** An open task with what a person needs to read it: its item, owner, AIMS and how late it is. */
export interface ListedTask {
  id: string;
  aimsId: string;
  aimsName: string;
  kind: TaskKind;
  itemId: string;
  itemRef: string;
  /** Where the item lives in the API (and, under /ui, in the web pages). */
  itemPath: string;
  step: string;
  title: string;
  ownerId: string;
  ownerName: string;
  ownerEmail: string;
  /** The owner's manager as the people record has it now (first escalation step, extension decider for minor steps). */
  ownerManagerId: string | null;
  department: string | null;
  /** Severity of the nonconformity for corrective-action tasks; null for other kinds. */
  severity: 'major' | 'minor' | null;
  dueDate: string;
  /** Who decides an extension: the owner's manager, or management (major nonconformities). */
  approval: ApprovalLevel;
  extensions: ExtensionRequest[];
  /** Today's date in the task's AIMS zone. */
  today: string;
  overdue: boolean;
  daysOverdue: number;
  ageBucket: AgeBucket | null;
}

function itemPathOf(kind: TaskKind, itemId: string, aimsId: string): string {
  switch (kind) {
    case 'nc_case':
      return `/cases/${itemId}`;
    case 'audit':
      return `/audits/${itemId}`;
    case 'management_review':
      return `/reviews/${itemId}`;
    case 'certification':
      return `/aims/${aimsId}/certification`;
    case 'ai_system':
      return `/ai-systems/${itemId}`;
    case 'document':
      return `/documents/${itemId}`;
    case 'supplier':
      return `/suppliers/${itemId}`;
  }
}

/**
 * Open tasks of every kind, soonest due first, with "overdue" decided in each AIMS's own zone
 * at the engine clock's `now`. One query serves the overdue view, the inbox, the digests and
 * the web pages, so they can never disagree about what is late.
 */
export async function listOpenTasks(db: Db, now: Date, filter: TaskListFilter = {}): Promise<ListedTask[]> {
  const rows = await listOpenTaskRows(db, now, {
    taskId: filter.taskId,
    aimsId: filter.aimsId,
    aimsIds: filter.aimsIds,
    ownerId: filter.ownerId,
    department: filter.department,
    severity: filter.severity,
    kind: filter.kind,
    pendingExtension: filter.pendingExtension,
    overdueOnly: filter.overdueOnly,
    daysLateBetween: filter.age ? BUCKET_RANGES[filter.age] : undefined,
  });
  return rows.map(toListedTask);
}

/** A row of the open-task selection (`openTaskRowsQuery`) as people read it. */
export function toListedTask(r: Awaited<ReturnType<typeof listOpenTaskRows>>[number]): ListedTask {
  const kind = r.item_type as TaskKind;
  const daysOverdue = Math.max(0, Number(r.days_late));
  return {
    id: r.id,
    aimsId: r.aims_id,
    aimsName: r.aims_name,
    kind,
    itemId: r.item_id,
    itemRef: r.item_ref,
    itemPath: itemPathOf(kind, r.item_id, r.aims_id),
    step: r.step,
    title: r.title,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    ownerEmail: r.owner_email,
    ownerManagerId: r.owner_manager_id,
    department: r.department,
    severity: r.severity ?? null,
    dueDate: r.due_date,
    approval: r.approval,
    extensions: r.extensions,
    today: r.today,
    overdue: daysOverdue > 0,
    daysOverdue,
    ageBucket: ageBucketOf(daysOverdue),
  };
}
