import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // One readiness figure per AIMS and month (YYYY-MM), the first computed in that month, so the
  // trend shows; never updated once written.
  await db.schema
    .createTable('readiness_snapshots')
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('month', 'text', (c) => c.notNull().check(sql`month ~ '^[0-9]{4}-[0-9]{2}$'`))
    .addColumn('taken_on', 'date', (c) => c.notNull())
    .addColumn('overall', 'integer', (c) => c.notNull())
    .addColumn('groups', 'jsonb', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('readiness_snapshots_pk', ['aims_id', 'month'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('readiness_snapshots').execute();
}
