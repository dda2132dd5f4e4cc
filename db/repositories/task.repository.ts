import { inAims } from '../aims-filter';
import { sql } from 'kysely';
import type { DbOrTrx } from '../database';
import type { TaskRow } from '../tables/tasks.table';
import type { TaskState } from '../../domain/task';
import { todayInAimsZone } from '../today-in-aims-zone';

// Every read and write of `tasks`. Tasks are written only by the workflow that owns them, through
// the save protocol (`db/save-item.ts`); everything else reads.

/**
 * The one way tasks reach the read model, for every workflow that owns tasks: one statement for
 * all of an item's tasks. A task row never goes back to an older snapshot than the one it holds
 * (`version` is the owner's), and a row whose content did not change is not rewritten (no new
 * row version, no index churn): a task unchanged since version k reads the same in every
 * snapshot from k on, so a retried older snapshot cannot differ from it either.
 */
export async function saveTasks(trx: DbOrTrx, tasks: TaskState[], version: number): Promise<void> {
  if (tasks.length === 0) return;
  const rows = tasks.map((task) => ({
    id: task.id,
    aims_id: task.aimsId,
    workflow_id: task.workflowId,
    item_type: task.itemType,
    item_id: task.itemId,
    step: task.step,
    title: task.title,
    owner_id: task.ownerId,
    due_date: task.dueDate,
    status: task.status,
    approval: task.approval,
    extensions: JSON.stringify(task.extensions),
    created_at: new Date(task.createdAt),
    completed_at: task.completedAt ? new Date(task.completedAt) : null,
    version,
  }));
  await trx
    .insertInto('tasks')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          owner_id: eb.ref('excluded.owner_id'),
          step: eb.ref('excluded.step'),
          title: eb.ref('excluded.title'),
          due_date: eb.ref('excluded.due_date'),
          status: eb.ref('excluded.status'),
          approval: eb.ref('excluded.approval'),
          extensions: eb.ref('excluded.extensions'),
          completed_at: eb.ref('excluded.completed_at'),
          version: eb.ref('excluded.version'),
        }))
        .where('tasks.version', '<=', version)
        .where(
          sql<boolean>`(tasks.owner_id, tasks.step, tasks.title, tasks.due_date, tasks.status, tasks.approval, tasks.extensions, tasks.completed_at)
            is distinct from (excluded.owner_id, excluded.step, excluded.title, excluded.due_date, excluded.status, excluded.approval, excluded.extensions, excluded.completed_at)`,
        ),
    )
    .execute();
}

export async function findTask(db: DbOrTrx, taskId: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
}

/** A task with the date it is today in its AIMS's zone, which decides whether it is overdue; throws when missing. */
export async function findTaskWithToday(db: DbOrTrx, now: Date, taskId: string): Promise<TaskRow & { today: string }> {
  return db
    .selectFrom('tasks')
    .innerJoin('aims', 'aims.id', 'tasks.aims_id')
    .selectAll('tasks')
    .select(todayInAimsZone(now).as('today'))
    .where('tasks.id', '=', taskId)
    .executeTakeFirstOrThrow();
}

/** What decides whether a planned email is still due: the task's status, owner and due date now. */
export async function findTaskStanding(db: DbOrTrx, taskId: string) {
  return db.selectFrom('tasks').select(['status', 'owner_id', 'due_date']).where('id', '=', taskId).executeTakeFirst();
}

export async function findTaskTitleAndStatus(db: DbOrTrx, taskId: string) {
  return db.selectFrom('tasks').select(['title', 'status']).where('id', '=', taskId).executeTakeFirst();
}

/** Every task of an item (case, audit, review), oldest first. */
export async function listTasksOfItem(db: DbOrTrx, itemId: string): Promise<TaskRow[]> {
  return tasksOfItemQuery(db, itemId).execute();
}

/** The query of `listTasksOfItem` (a part of an item read in one statement). */
export function tasksOfItemQuery(db: DbOrTrx, itemId: string) {
  return db.selectFrom('tasks').selectAll().where('item_id', '=', itemId).orderBy('created_at').orderBy('id');
}

/** The ids (as text, as the audit trail keys them) of an item's tasks: a subquery for the item's timeline. */
export function taskIdsOfItem(db: DbOrTrx, itemId: string) {
  return db
    .selectFrom('tasks')
    .select(sql<string>`id::text`.as('id'))
    .where('item_id', '=', itemId);
}

/** The open tasks of an AIMS's certification, soonest due first. */
export async function listOpenCertificationTasks(db: DbOrTrx, aimsId: string) {
  return db
    .selectFrom('tasks')
    .select(['id', 'step', 'title', 'owner_id', 'due_date', 'status'])
    .where('item_type', '=', 'certification')
    .where('item_id', '=', aimsId)
    .where('status', '=', 'open')
    .orderBy('due_date')
    .orderBy('created_at')
    .execute();
}

/** Corrective-action tasks of an AIMS overdue at the end of `asOf` (a local date in `zone`): open then, and due before. */
export async function listCaseTasksOverdueAsOf(db: DbOrTrx, aimsId: string, asOf: string, zone: string) {
  return db
    .selectFrom('tasks')
    .select(['id'])
    .where('aims_id', '=', aimsId)
    .where('item_type', '=', 'nc_case')
    .where('due_date', '<', asOf)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb(sql<string>`(completed_at at time zone ${zone})::date::text`, '>', asOf)]))
    .where('status', '!=', 'cancelled')
    .execute();
}

/** The decision actions of the given management reviews, soonest due first. */
export async function listDecisionActionsOf(db: DbOrTrx, reviewIds: string[]) {
  return db
    .selectFrom('tasks')
    .select(['id', 'item_id', 'title', 'owner_id', 'due_date', 'status', 'completed_at'])
    .where('item_type', '=', 'management_review')
    .where('step', '=', 'decision_action')
    .where('item_id', 'in', reviewIds)
    .orderBy('due_date')
    .execute();
}

export interface OpenTaskQuery {
  taskId?: string;
  aimsId?: string;
  ownerId?: string;
  /** The reach filter: tasks of these AIMS only (undefined: no restriction). */
  aimsIds?: readonly string[];
  department?: string;
  severity?: 'major' | 'minor';
  /** `tasks.item_type`. */
  kind?: string;
  overdueOnly?: boolean;
  /** Days past the due date, both ends included (overdue tasks only). */
  daysLateBetween?: [number, number];
  /** Only tasks with an extension request waiting for a decision. */
  pendingExtension?: boolean;
}

/** The date it is today in the task's AIMS zone, as a `date`: a task is overdue once its due date is before it. */
export const todayDateInAimsZone = (now: Date) => sql<string>`(${todayInAimsZone(now)})::date`;

/**
 * Open tasks with their item's reference, owner, AIMS and the days they are late in their AIMS's
 * own zone at `now`, filtered, unordered: the one selection behind every list of tasks and the
 * overdue view's groups and pages (`task-overdue.repository.ts`).
 */
export function openTaskRowsQuery(db: DbOrTrx, now: Date, filter: OpenTaskQuery = {}) {
  const today = todayInAimsZone(now);
  const daysLate = sql<number>`(${todayDateInAimsZone(now)} - tasks.due_date)`;
  let query = db
    .selectFrom('tasks')
    .innerJoin('aims', 'aims.id', 'tasks.aims_id')
    .innerJoin('people as owner', 'owner.id', 'tasks.owner_id')
    .leftJoin('nc_cases', (join) => join.onRef('nc_cases.id', '=', 'tasks.item_id').on('tasks.item_type', '=', 'nc_case'))
    .leftJoin('audits', (join) => join.onRef('audits.id', '=', 'tasks.item_id').on('tasks.item_type', '=', 'audit'))
    .leftJoin('reviews', (join) => join.onRef('reviews.id', '=', 'tasks.item_id').on('tasks.item_type', '=', 'management_review'))
    .leftJoin('certifications', (join) => join.onRef('certifications.aims_id', '=', 'tasks.item_id').on('tasks.item_type', '=', 'certification'))
    .select([
      'tasks.id',
      'tasks.aims_id',
      'aims.name as aims_name',
      'tasks.item_type',
      'tasks.item_id',
      'tasks.step',
      'tasks.title',
      'tasks.owner_id',
      'owner.name as owner_name',
      'owner.email as owner_email',
      'owner.manager_id as owner_manager_id',
      'owner.department',
      'nc_cases.severity',
      'tasks.due_date',
      'tasks.approval',
      'tasks.extensions',
      today.as('today'),
      daysLate.as('days_late'),
      sql<string>`coalesce('NC-' || nc_cases.number, 'IA-' || audits.number, 'MR-' || reviews.number, 'CERT-' || certifications.cycle, tasks.item_type)`.as(
        'item_ref',
      ),
    ])
    .where('tasks.status', '=', 'open');
  if (filter.taskId) query = query.where('tasks.id', '=', filter.taskId);
  if (filter.aimsId) query = query.where('tasks.aims_id', '=', filter.aimsId);
  if (filter.aimsIds) query = query.where(inAims('tasks.aims_id', filter.aimsIds));
  if (filter.ownerId) query = query.where('tasks.owner_id', '=', filter.ownerId);
  if (filter.department) query = query.where('owner.department', '=', filter.department);
  if (filter.severity) query = query.where('nc_cases.severity', '=', filter.severity);
  if (filter.kind) query = query.where('tasks.item_type', '=', filter.kind);
  if (filter.pendingExtension) query = query.where(sql<boolean>`tasks.extensions @> '[{"status":"pending"}]'::jsonb`);
  // "Due before today there" rather than "days late > 0": the same rows, but a range on due_date
  // that the open-tasks index (aims_id, due_date) serves AIMS by AIMS.
  if (filter.overdueOnly || filter.daysLateBetween) query = query.where(sql<boolean>`tasks.due_date < ${todayDateInAimsZone(now)}`);
  if (filter.daysLateBetween) {
    const [from, to] = filter.daysLateBetween;
    query = query.where(daysLate, '>=', from).where(daysLate, '<=', to);
  }
  return query;
}

/**
 * Open tasks of every kind, soonest due first, with their item's reference, owner, AIMS and the
 * days they are late in their AIMS's own zone at `now`: the one query behind every list of tasks.
 */
export async function listOpenTaskRows(db: DbOrTrx, now: Date, filter: OpenTaskQuery = {}) {
  return openTaskRowsQuery(db, now, filter).orderBy('tasks.due_date').orderBy('tasks.id').execute();
}

/** A person's open tasks, oldest first: what their deactivation hands over. */
export async function listOpenTasksOwnedBy(db: DbOrTrx, ownerId: string): Promise<Pick<TaskRow, 'id' | 'workflow_id' | 'title' | 'item_type' | 'item_id'>[]> {
  return db
    .selectFrom('tasks')
    .select(['id', 'workflow_id', 'title', 'item_type', 'item_id'])
    .where('owner_id', '=', ownerId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * The workflows holding an open task whose timed emails may go to the person: tasks they own,
 * tasks of the people they manage (the first escalation), and, if they are in management or an
 * AIMS's programme manager, the tasks they receive the second escalation of. Distinct ids.
 */
export async function listWorkflowsNotifying(db: DbOrTrx, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('tasks')
    .innerJoin('people as owner', 'owner.id', 'tasks.owner_id')
    .innerJoin('aims', 'aims.id', 'tasks.aims_id')
    .select('tasks.workflow_id')
    .distinct()
    .where('tasks.status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb('tasks.owner_id', '=', personId),
        eb('owner.manager_id', '=', personId),
        eb('aims.programme_manager_id', '=', personId),
        // Management of the task's AIMS (organisation-wide or on that AIMS).
        eb.exists(
          eb
            .selectFrom('memberships')
            .select('memberships.id')
            .where('memberships.person_id', '=', personId)
            .where('memberships.role', '=', 'management')
            .whereRef('memberships.organisation_id', '=', 'aims.organisation_id')
            .where((m) => m.or([m('memberships.aims_id', 'is', null), m('memberships.aims_id', '=', m.ref('tasks.aims_id'))])),
        ),
      ]),
    )
    .orderBy('tasks.workflow_id')
    .execute();
  return rows.map((r) => r.workflow_id);
}

/** Every workflow holding an open task, by id. */
export async function listWorkflowsWithOpenTasks(db: DbOrTrx): Promise<string[]> {
  const rows = await db.selectFrom('tasks').select('workflow_id').distinct().where('status', '=', 'open').orderBy('workflow_id').execute();
  return rows.map((r) => r.workflow_id);
}
