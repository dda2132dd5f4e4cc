import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // One audit evidence package per build: what was asked (kind, as-of instant, period), how far
  // its build is, and once built its ZIP with the ZIP's sha256 (the bytes never change after).
  await db.schema
    .createTable('evidence_packages')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('stage1', 'stage2', 'surveillance', 'recertification')`))
    .addColumn('as_of', 'timestamptz', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('building', 'built', 'failed')`))
    .addColumn('files_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('files_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sha256', 'text')
    .addColumn('size', 'bigint')
    .addColumn('content', 'bytea')
    .addColumn('failure', 'text')
    .addColumn('requested_by', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('built_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('evidence_packages_aims').on('evidence_packages').columns(['aims_id', 'requested_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_packages').execute();
}
