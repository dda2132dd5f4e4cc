import { countCaseRows, findCaseWithParts, listCaseRows, type CaseListQuery } from '../db/repositories/case.repository';
import type { Db } from '../db/database';
import type { CaseDetails } from '../domain/nc-case';
import { toTaskDto } from './task-dto';
import { timelineOf } from './timeline';

/** The register's filters as the API takes them: `mine` is the viewer's, resolved here. */
export type CaseFilter = Omit<CaseListQuery, 'mineOf'> & { mine?: boolean };

export async function listCases(db: Db, now: Date, viewerId: string, filter: CaseFilter) {
  const { mine, ...rest } = filter;
  const query = { ...rest, mineOf: mine ? viewerId : undefined };
  const [rows, total] = await Promise.all([listCaseRows(db, now, query), countCaseRows(db, now, query)]);
  const items = rows.map((r) => ({
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
    clauseRef: r.clause_ref,
  }));
  return { items, total };
}

export async function findCaseDetail(db: Db, now: Date, caseId: string) {
  const found = await findCaseWithParts(db, now, caseId);
  if (!found) return undefined;
  const { row, actions, tasks } = found;
  const openDue =
    tasks
      .filter((t) => t.status === 'open')
      .map((t) => t.due_date)
      .sort()[0] ?? null;
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
    timeline: timelineOf(found.timeline),
  };
}
