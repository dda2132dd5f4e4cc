import { sql } from 'kysely';
import type { DbOrTrx } from '../database';

export interface WindowCount {
  hits: number;
  windowStartedAt: Date;
}

/**
 * Counts one hit in a fixed window and answers the window's count. One statement: concurrent
 * hits from several API processes add up exactly. A window that has passed starts again at 1.
 */
export async function hitCounter(db: DbOrTrx, key: string, at: Date, windowMs: number): Promise<WindowCount> {
  const windowStart = new Date(at.getTime() - windowMs);
  const row = await db
    .insertInto('rate_limit_counters')
    .values({ key, window_started_at: at, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_counters.window_started_at > ${windowStart} then rate_limit_counters.hits + 1 else 1 end`,
        window_started_at: sql<Date>`case when rate_limit_counters.window_started_at > ${windowStart} then rate_limit_counters.window_started_at else ${at} end`,
      }),
    )
    .returning(['hits', 'window_started_at'])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, windowStartedAt: row.window_started_at };
}

/** The count of the current window without adding to it (zero when the window has passed). */
export async function peekCounter(db: DbOrTrx, key: string, at: Date, windowMs: number): Promise<WindowCount | undefined> {
  const row = await db
    .selectFrom('rate_limit_counters')
    .select(['hits', 'window_started_at'])
    .where('key', '=', key)
    .where('window_started_at', '>', new Date(at.getTime() - windowMs))
    .executeTakeFirst();
  return row ? { hits: row.hits, windowStartedAt: row.window_started_at } : undefined;
}

/** Forgets counters whose window ended before `before` (housekeeping; the counts are per window anyway). */
export async function deleteStaleCounters(db: DbOrTrx, before: Date): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('window_started_at', '<', before).execute();
}
