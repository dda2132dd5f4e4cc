import { DateTime } from 'luxon';
import type { Db } from '../db/database';
import { listTaskHistoryRows } from '../db/repositories/task.repository';
import type { ExtensionRequest } from '../domain/task';
import type { TaskKind } from './task-listing';

export interface TrendPoint {
  /** A calendar date; the count is what was overdue at the end of that day. */
  date: string;
  overdue: number;
}

interface TaskHistory {
  createdOn: string;
  closedOn: string | null;
  /** Due dates in force from a local date on, oldest first: the original one, then each approved extension. */
  dueSteps: { from: string; dueDate: string }[];
}

const localDate = (instant: string, zone: string) => DateTime.fromISO(instant, { zone }).toISODate()!;

interface TaskRecord {
  time_zone: string;
  created_on: string;
  closed_on: string | null;
  due_date: string;
  extensions: ExtensionRequest[];
}

function historyOf(row: TaskRecord): TaskHistory {
  const dueSteps = [{ from: row.created_on, dueDate: row.due_date }];
  // Only extended tasks need a zone conversion here; the common case stays a string comparison.
  const approved = row.extensions.filter((e) => e.status === 'approved' && e.decidedAt).sort((a, b) => a.decidedAt!.localeCompare(b.decidedAt!));
  if (approved.length > 0) {
    dueSteps[0]!.dueDate = approved[0]!.previousDueDate;
    for (const extension of approved) dueSteps.push({ from: localDate(extension.decidedAt!, row.time_zone), dueDate: extension.requestedDueDate });
  }
  return { createdOn: row.created_on, closedOn: row.closed_on, dueSteps };
}

/** At the end of `day`: open, and past the due date then in force (an extension approved later does not count yet). */
function overdueAt(task: TaskHistory, day: string): boolean {
  if (task.createdOn > day || (task.closedOn !== null && task.closedOn <= day)) return false;
  let due = task.dueSteps[0]!.dueDate;
  for (const step of task.dueSteps) if (step.from <= day) due = step.dueDate;
  return due < day;
}

/**
 * How many tasks were overdue at the end of each of the last `weeks` weeks, ending today in
 * `zone`: rebuilt from the task record (created, completed, extensions), so no nightly snapshot
 * job is needed and the last point always equals today's overdue count.
 */
export async function overdueTrend(
  db: Db,
  now: Date,
  options: { zone: string; weeks: number; aimsId?: string; aimsIds?: readonly string[]; kind?: TaskKind },
): Promise<TrendPoint[]> {
  const end = DateTime.fromJSDate(now, { zone: options.zone }).startOf('day');
  const days = Array.from({ length: options.weeks }, (_, i) => end.minus({ weeks: options.weeks - 1 - i }).toISODate()!);
  const from = DateTime.fromISO(days[0]!).minus({ days: 1 }).toJSDate();
  const rows = await listTaskHistoryRows(db, now, { from, lastDay: days.at(-1)! }, { aimsId: options.aimsId, aimsIds: options.aimsIds, kind: options.kind });
  const histories = rows.map(historyOf);
  return days.map((date) => ({ date, overdue: histories.filter((t) => overdueAt(t, date)).length }));
}
