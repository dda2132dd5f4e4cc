import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reviews')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('review_index', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('chair_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('attendee_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('meeting_date', 'date', (c) => c.notNull())
    .addColumn('meeting_at', 'timestamptz', (c) => c.notNull())
    .addColumn('inputs', 'jsonb', (c) => c.notNull())
    .addColumn('minutes', 'text')
    .addColumn('decisions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('pack', 'jsonb')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_aims_meeting_idx').on('reviews').columns(['aims_id', 'meeting_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reviews').execute();
}
