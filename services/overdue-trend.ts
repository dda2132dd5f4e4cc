import { DateTime } from 'luxon';
import type { DbOrTrx } from '../db/database';
import { countOverdueByDay } from '../db/repositories/task-trend.repository';
import type { TaskKind } from './task-listing';

export interface TrendPoint {
  /** A calendar date; the count is what was overdue at the end of that day. */
  date: string;
  overdue: number;
}

/**
 * How many tasks were overdue at the end of each of the last `weeks` weeks, ending today in
 * `zone`: rebuilt from the task record (created, completed, approved extensions) and counted by
 * PostgreSQL (`countOverdueByDay`), so no nightly snapshot job is needed and the last point
 * always equals today's overdue count.
 */
export async function overdueTrend(
  db: DbOrTrx,
  now: Date,
  options: { zone: string; weeks: number; aimsId?: string; aimsIds?: readonly string[]; kind?: TaskKind },
): Promise<TrendPoint[]> {
  const end = DateTime.fromJSDate(now, { zone: options.zone }).startOf('day');
  const days = Array.from({ length: options.weeks }, (_, i) => end.minus({ weeks: options.weeks - 1 - i }).toISODate()!);
  const from = DateTime.fromISO(days[0]!).minus({ days: 1 }).toJSDate();
  return countOverdueByDay(db, now, days, from, { aimsId: options.aimsId, aimsIds: options.aimsIds, kind: options.kind });
}
