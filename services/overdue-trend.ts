import { DateTime } from 'luxon';
import type { Db } from '../db/database';
import type { ExtensionRequest } from '../domain/task';
import type { TaskKind } from './task-listing';

export interface TrendPoint {
  /** A calendar date; the count is what was overdue at the end of that day. */
  date: string;
  overdue: number;
}

interface TaskHistory {
  zone: string;
  createdOn: string;
  closedOn: string | null;
  /** Due dates in force from a local date on, oldest first: the original one, then each approved extension. */
  dueSteps: { from: string; dueDate: string }[];
}

const localDate = (instant: Date | string, zone: string) =>
  (typeof instant === 'string' ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone })).toISODate()!;

function historyOf(row: { time_zone: string; created_at: Date; completed_at: Date | null; due_date: string; extensions: ExtensionRequest[] }): TaskHistory {
  const approved = row.extensions.filter((e) => e.status === 'approved' && e.decidedAt).sort((a, b) => a.decidedAt!.localeCompare(b.decidedAt!));
  const createdOn = localDate(row.created_at, row.time_zone);
  const dueSteps = [{ from: createdOn, dueDate: approved[0]?.previousDueDate ?? row.due_date }];
  for (const extension of approved) dueSteps.push({ from: localDate(extension.decidedAt!, row.time_zone), dueDate: extension.requestedDueDate });
  return { zone: row.time_zone, createdOn, closedOn: row.completed_at ? localDate(row.completed_at, row.time_zone) : null, dueSteps };
}

/** At the end of `day`: open, and past the due date then in force (an extension approved later does not count yet). */
function overdueAt(task: TaskHistory, day: string): boolean {
  if (task.createdOn > day || (task.closedOn !== null && task.closedOn <= day)) return false;
  const due = task.dueSteps.filter((s) => s.from <= day).at(-1)!.dueDate;
  return due < day;
}

/**
 * How many tasks were overdue at the end of each of the last `weeks` weeks, ending today in
 * `zone`: rebuilt from the task record (created, completed, extensions), so no nightly snapshot
 * job is needed and the last point always equals today's overdue count.
 */
export async function overdueTrend(db: Db, now: Date, options: { zone: string; weeks: number; aimsId?: string; kind?: TaskKind }): Promise<TrendPoint[]> {
  const end = DateTime.fromJSDate(now, { zone: options.zone }).startOf('day');
  const days = Array.from({ length: options.weeks }, (_, i) => end.minus({ weeks: options.weeks - 1 - i }).toISODate()!);
  const from = DateTime.fromISO(days[0]!).minus({ days: 1 }).toJSDate();
  let query = db
    .selectFrom('tasks')
    .innerJoin('aims', 'aims.id', 'tasks.aims_id')
    .select(['aims.time_zone', 'tasks.created_at', 'tasks.completed_at', 'tasks.due_date', 'tasks.extensions', 'tasks.status'])
    .where('tasks.created_at', '<=', now)
    .where((eb) => eb.or([eb('tasks.completed_at', 'is', null), eb('tasks.completed_at', '>=', from)]))
    // A cancelled task without a closing instant cannot be placed in time; leave it out.
    .where((eb) => eb.or([eb('tasks.status', '!=', 'cancelled'), eb('tasks.completed_at', 'is not', null)]));
  if (options.aimsId) query = query.where('tasks.aims_id', '=', options.aimsId);
  if (options.kind) query = query.where('tasks.item_type', '=', options.kind);
  const histories = (await query.execute()).map(historyOf);
  return days.map((date) => ({ date, overdue: histories.filter((t) => overdueAt(t, date)).length }));
}
