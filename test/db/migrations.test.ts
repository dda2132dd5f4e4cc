import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { freshPglite, freshPostgres } from '../support/database';

/** The parts of a schema that behaviour depends on, in a stable order. */
async function describeSchema(db: Kysely<any>) {
  const columns = await sql<Record<string, unknown>>`
    select table_name, column_name, data_type, udt_name, is_nullable, column_default, is_identity
    from information_schema.columns where table_schema = 'public'
    order by table_name, column_name`.execute(db);
  const constraints = await sql<Record<string, unknown>>`
    select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as definition
    from pg_constraint where connamespace = 'public'::regnamespace
    order by 1, 2`.execute(db);
  const indexes = await sql<Record<string, unknown>>`
    select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`.execute(db);
  const triggers = await sql<Record<string, unknown>>`
    select event_object_table, trigger_name, event_manipulation, action_timing, action_statement
    from information_schema.triggers where trigger_schema = 'public' order by 1, 2, 3`.execute(db);
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows, triggers: triggers.rows };
}

describe('migrations', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let pglite: Db;
  beforeAll(async () => {
    [postgres, pglite] = await Promise.all([freshPostgres(), freshPglite()]);
  });
  afterAll(async () => {
    await postgres?.drop();
    await pglite?.destroy();
  });

  it('give the same schema on PostgreSQL and on PGlite', async () => {
    const [onPostgres, onPglite] = await Promise.all([describeSchema(postgres.db), describeSchema(pglite)]);
    expect(onPostgres.columns.length).toBeGreaterThan(20);
    expect(onPglite).toEqual(onPostgres);
  });

  it.each([
    ['PostgreSQL', () => postgres.db],
    ['PGlite', () => pglite],
  ])('keep the audit trail append-only on %s', async (_name, db) => {
    await db()
      .insertInto('audit_trail')
      .values({
        actor_id: null,
        actor_label: 'engine',
        entity_type: 'test',
        entity_id: '1',
        action: 'created',
        before: null,
        after: '{}',
        aims_id: null,
        chain_seq: 1,
        prev_hash: '0',
        hash: '0',
      })
      .execute();
    await expect(db().updateTable('audit_trail').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('audit_trail').execute()).rejects.toThrow(/append-only/);
  });

  it.each([
    ['PostgreSQL', () => postgres.db],
    ['PGlite', () => pglite],
  ])('hand dates back as the ISO strings they were on %s', async (_name, db) => {
    const row = await sql<{ d: unknown }>`select '2027-02-28'::date as d`.execute(db());
    expect(row.rows[0]?.d).toBe('2027-02-28');
  });

  it('leave an up-to-date database alone, apply what it lacks, and refuse a migration the code does not know', async () => {
    const db = await freshPglite();
    try {
      expect(await migrateToLatest(db)).toEqual([]);
      // The newest migration undone and unrecorded: the next start applies it again.
      const newest = Object.keys(migrations).at(-1)!;
      await migrations[newest]!.down!(db);
      await sql`delete from kysely_migration where name = ${newest}`.execute(db);
      expect(await migrateToLatest(db)).toEqual([newest]);
      // A database migrated by a newer version of the code is not taken for up to date.
      await sql`insert into kysely_migration (name, timestamp) values ('2099-01-01T0000-from-the-future', '2099-01-01T00:00:00Z')`.execute(db);
      await expect(migrateToLatest(db)).rejects.toThrow(/2099-01-01T0000-from-the-future/);
    } finally {
      await db.destroy();
    }
  });
});
