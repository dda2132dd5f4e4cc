import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // Read model of each AIMS's certification workflow.
  await db.schema
    .createTable('certifications')
    .addColumn('aims_id', 'uuid', (c) => c.primaryKey().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('initial', 'certified', 'expired', 'lapsed')`))
    .addColumn('cycle', 'integer', (c) => c.notNull())
    .addColumn('certification_body', 'text')
    .addColumn('stage1_date', 'date')
    .addColumn('stage1_outcome', 'text')
    .addColumn('stage2_date', 'date')
    .addColumn('stage2_outcome', 'text')
    .addColumn('decision_date', 'date')
    .addColumn('cycle_start', 'date')
    .addColumn('expiry_date', 'date')
    .addColumn('restore_until', 'date')
    .addColumn('next_due_item', 'text')
    .addColumn('next_due_date', 'date')
    .addColumn('planned_audits', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('external_audits', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('certifications_status_idx').on('certifications').columns(['status', 'next_due_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('certifications').execute();
}
