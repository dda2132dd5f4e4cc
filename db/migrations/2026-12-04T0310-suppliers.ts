import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // Read model of each supplier's workflow (A.10.2, A.10.3); its reviews are documented
  // information kept whole as JSON, the latest outcome beside them for counting in SQL.
  await db.schema
    .createTable('suppliers')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'retired')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('criticality', 'text', (c) => c.notNull().check(sql`criticality in ('low', 'medium', 'high', 'critical')`))
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('ai_system_ids', 'jsonb', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .addColumn('next_review_due', 'date')
    .addColumn('review_due', 'date')
    .addColumn('last_review_on', 'date')
    .addColumn('last_outcome', 'text', (c) => c.check(sql`last_outcome in ('pass', 'conditional', 'fail')`))
    .addColumn('reviews', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('suppliers_aims_idx').on('suppliers').columns(['aims_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('suppliers').execute();
}
