import type { Db } from '../db/database';
import { todayInAimsZone } from './case-queries';

/** Tasks with the date it is today in their AIMS's zone, which decides what is overdue. */
export function selectTasksWithToday(db: Db, now: Date) {
  return db.selectFrom('tasks').innerJoin('aims', 'aims.id', 'tasks.aims_id').selectAll('tasks').select(todayInAimsZone(now).as('today'));
}
