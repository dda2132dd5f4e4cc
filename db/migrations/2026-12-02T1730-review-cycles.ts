import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.
// The review cycle's settings as its workflow last saved them, so that planned reviews can be
// read (and shown in feeds and pages) before they open.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('review_cycles')
    .addColumn('aims_id', 'uuid', (c) => c.primaryKey().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('chair_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('attendee_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('input_owners', 'jsonb', (c) => c.notNull())
    .addColumn('first_meeting_date', 'date', (c) => c.notNull())
    .addColumn('interval_months', 'integer', (c) => c.notNull())
    .addColumn('next_index', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('review_cycles').execute();
}
