import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // Read model of each document's workflow (the register of documented information, 7.5). Its
  // versions (link, change summary, approvals, rejection, audience and acknowledgements) are
  // documented information kept whole as JSON; `addresses` lists the clauses and controls.
  await db.schema
    .createTable('documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'in_review', 'approved', 'due_for_review', 'retired')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('approver_ids', 'jsonb', (c) => c.notNull())
    .addColumn('addresses', 'jsonb', (c) => c.notNull())
    .addColumn('review_months', 'integer', (c) => c.check(sql`review_months > 0`))
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .addColumn('current_version', 'integer')
    .addColumn('last_approved_on', 'date')
    .addColumn('next_review_due', 'date')
    .addColumn('review_due', 'date')
    .addColumn('versions', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('documents_aims_idx').on('documents').columns(['aims_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('documents').execute();
}
