// The embedded database has no autovacuum (PGlite runs the server single-user): the engine's
// round of VACUUM (ANALYZE) per table is what gives the planner statistics and reclaims dead rows.
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import type { Db } from '../../db/database';
import { migrations } from '../../db/migrations';
import { vacuumAndAnalyzeEveryTable } from '../../db/pglite-maintenance';
import { newPerson } from '../support/fixtures';

describe('the embedded database maintenance round', () => {
  let db: Db;
  beforeAll(async () => {
    db = connectDatabase({ kind: 'pglite', dir: undefined });
    expect((await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest()).error).toBeUndefined();
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
  });

  const estimatedRows = async (table: string) =>
    Number((await sql<{ reltuples: number }>`select reltuples from pg_class where oid = ${`public.${table}`}::regclass`.execute(db)).rows[0]!.reltuples);

  it('analyzes every table, so the planner knows their sizes, and vacuums each in its own statement', async () => {
    for (let i = 0; i < 40; i++) await newPerson(db);
    // Never analyzed: PostgreSQL says -1 and the planner guesses.
    expect(await estimatedRows('people')).toBe(-1);
    const done = await vacuumAndAnalyzeEveryTable(db);
    expect(done).toEqual(expect.arrayContaining(['public.people', 'public.tasks', 'public.email_outbox', 'public.audit_trail']));
    expect(await estimatedRows('people')).toBeGreaterThanOrEqual(40);
    expect(await estimatedRows('tasks')).toBe(0);
  });
});
