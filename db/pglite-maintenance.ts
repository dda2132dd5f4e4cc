import { sql } from 'kysely';
import type { Db } from './database';

/** How long after the database opens the first round runs (not during the start itself), then how often. */
export const FIRST_ROUND_AFTER_MS = 60_000;
export const ROUND_EVERY_MS = 60 * 60_000;

/**
 * What PostgreSQL's autovacuum does, for the embedded database, which has none: PGlite runs the
 * server single-user, so no table is ever analyzed (the planner guesses: the inbox's plan walked
 * every open task instead of the owner's index) and no dead row is ever reclaimed (tasks,
 * counters and the outbox are updated and deleted all day). One table at a time, each its own
 * statement, so requests take the connection between tables (`connection-lanes.ts`).
 */
export async function vacuumAndAnalyzeEveryTable(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select quote_ident(schemaname) || '.' || quote_ident(relname) as name from pg_stat_user_tables order by relname`.execute(db);
  for (const { name } of rows) await sql`vacuum (analyze) ${sql.raw(name)}`.execute(db);
  return rows.map((r) => r.name);
}

/** Runs `vacuumAndAnalyzeEveryTable` a minute after the start, then hourly; returns the stop function. */
export function maintainPgliteInBackground(db: Db, log: { warn(obj: object, msg: string): void }): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const round = () => {
    running = vacuumAndAnalyzeEveryTable(db).catch((error: unknown) => log.warn({ err: error }, 'embedded database maintenance failed; it runs again later'));
  };
  const first = setTimeout(() => {
    round();
    every.refresh();
  }, FIRST_ROUND_AFTER_MS);
  const every = setInterval(round, ROUND_EVERY_MS);
  first.unref();
  every.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(every);
    await running;
  };
}
