import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { TaskRow } from '../db/tables/tasks.table';
import type { CaseDetails } from '../domain/nc-case';
import { findTimeline } from './timeline';

/**
 * An open task is overdue once its due date has passed in its AIMS's own zone. "Now" comes from
 * the engine's clock, the same one that stamps the record, not from the database server.
 */
export const todayInAimsZone = (now: Date) => sql<string>`((${now.toISOString()})::timestamptz at time zone aims.time_zone)::date::text`;

export interface CaseFilter {
  aimsId?: string;
  mine?: boolean;
  overdue?: boolean;
  severity?: string;
  source?: string;
  status?: string;
  ownerId?: string;
  limit: number;
  offset: number;
}

export async function listCases(db: Db, now: Date, viewerId: string, filter: CaseFilter) {
  let query = db
    .selectFrom('nc_cases')
    .innerJoin('aims', 'aims.id', 'nc_cases.aims_id')
    .select([
      'nc_cases.id',
      'nc_cases.number',
      'nc_cases.aims_id',
      'nc_cases.title',
      'nc_cases.source',
      'nc_cases.severity',
      'nc_cases.status',
      'nc_cases.owner_id',
      'nc_cases.raised_on',
      (eb) =>
        eb
          .selectFrom('tasks')
          .select((t) => t.fn.min('tasks.due_date').as('d'))
          .whereRef('tasks.item_id', '=', 'nc_cases.id')
          .where('tasks.status', '=', 'open')
          .as('next_due_date'),
      todayInAimsZone(now).as('today'),
    ])
    .orderBy('nc_cases.number', 'desc')
    .limit(filter.limit)
    .offset(filter.offset);
  if (filter.aimsId) query = query.where('nc_cases.aims_id', '=', filter.aimsId);
  if (filter.severity) query = query.where('nc_cases.severity', '=', filter.severity as 'major');
  if (filter.source) query = query.where('nc_cases.source', '=', filter.source as 'other');
  if (filter.status) query = query.where('nc_cases.status', '=', filter.status as 'closed');
  if (filter.ownerId) query = query.where('nc_cases.owner_id', '=', filter.ownerId);
  if (filter.mine) {
    query = query.where((eb) =>
      eb.or([
        eb('nc_cases.owner_id', '=', viewerId),
        eb.exists(
          eb
            .selectFrom('tasks')
            .select('tasks.id')
            .whereRef('tasks.item_id', '=', 'nc_cases.id')
            .where('tasks.owner_id', '=', viewerId)
            .where('tasks.status', '=', 'open'),
        ),
      ]),
    );
  }
  if (filter.overdue) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('tasks')
          .select('tasks.id')
          .whereRef('tasks.item_id', '=', 'nc_cases.id')
          .where('tasks.status', '=', 'open')
          .where(sql<boolean>`tasks.due_date < ${todayInAimsZone(now)}::date`),
      ),
    );
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    reference: `NC-${r.number}`,
    aimsId: r.aims_id,
    title: r.title,
    source: r.source,
    severity: r.severity,
    status: r.status,
    ownerId: r.owner_id,
    raisedOn: r.raised_on,
    overdue: r.next_due_date !== null && r.next_due_date < r.today,
    nextDueDate: r.next_due_date,
  }));
}

export async function findCaseDetail(db: Db, now: Date, caseId: string) {
  const row = await db
    .selectFrom('nc_cases')
    .innerJoin('aims', 'aims.id', 'nc_cases.aims_id')
    .selectAll('nc_cases')
    .select(todayInAimsZone(now).as('today'))
    .where('nc_cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  const [actions, tasks, trail] = await Promise.all([
    db.selectFrom('nc_actions').selectAll().where('case_id', '=', caseId).orderBy('iteration').orderBy('title').execute(),
    db.selectFrom('tasks').selectAll().where('item_id', '=', caseId).orderBy('created_at').orderBy('id').execute(),
    findTimeline(db, 'nc_case', caseId),
  ]);
  const openDue = tasks.filter((t) => t.status === 'open').map((t) => t.due_date).sort()[0] ?? null;
  return {
    id: row.id,
    reference: `NC-${row.number}`,
    aimsId: row.aims_id,
    title: row.title,
    description: row.description,
    source: row.source,
    severity: row.severity,
    status: row.status,
    ownerId: row.owner_id,
    verifierId: row.verifier_id,
    raisedBy: row.raised_by,
    raisedOn: row.raised_on,
    clauseRef: row.clause_ref,
    auditId: row.audit_id,
    iteration: row.iteration,
    details: row.details as CaseDetails,
    closedAt: row.closed_at?.toISOString() ?? null,
    overdue: openDue !== null && openDue < row.today,
    nextDueDate: openDue,
    actions: actions.map((a) => ({
      id: a.id,
      iteration: a.iteration,
      title: a.title,
      ownerId: a.owner_id,
      dueDate: a.due_date,
      status: a.status,
      evidence: a.evidence,
      completedAt: a.completed_at?.toISOString() ?? null,
    })),
    tasks: tasks.map((t) => toTaskDto(t, row.today)),
    timeline: trail,
  };
}

export function toTaskDto(t: TaskRow, today: string) {
  return {
    id: t.id,
    itemType: t.item_type,
    itemId: t.item_id,
    step: t.step,
    title: t.title,
    ownerId: t.owner_id,
    dueDate: t.due_date,
    status: t.status,
    overdue: t.status === 'open' && t.due_date < today,
    approval: t.approval,
    extensions: t.extensions,
    completedAt: t.completed_at?.toISOString() ?? null,
  };
}
