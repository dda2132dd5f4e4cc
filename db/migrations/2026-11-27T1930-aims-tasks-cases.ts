import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // Retried activities append audit entries again; a key per workflow change makes that a no-op.
  await db.schema
    .alterTable('audit_trail')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .execute();

  await db.schema
    .createTable('aims')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('holiday_region', 'text')
    .addColumn('closed_days', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('programme_manager_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('policy', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('nc_cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('major', 'minor')`))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('verifier_id', 'uuid', (c) => c.references('people.id'))
    .addColumn('raised_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('raised_on', 'date', (c) => c.notNull())
    .addColumn('clause_ref', 'text')
    .addColumn('audit_id', 'uuid')
    .addColumn('iteration', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('nc_cases_aims_status_idx').on('nc_cases').columns(['aims_id', 'status']).execute();
  await db.schema.createIndex('nc_cases_owner_idx').on('nc_cases').column('owner_id').execute();

  await db.schema
    .createTable('nc_actions')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('nc_cases.id'))
    .addColumn('iteration', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('nc_actions_case_idx').on('nc_actions').column('case_id').execute();

  // Every human step of every kind of item: the one table the inbox and the overdue view read.
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'uuid', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'done', 'cancelled')`))
    .addColumn('approval', 'text', (c) => c.notNull().check(sql`approval in ('manager', 'management')`))
    .addColumn('extensions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tasks_owner_status_idx').on('tasks').columns(['owner_id', 'status', 'due_date']).execute();
  await db.schema.createIndex('tasks_item_idx').on('tasks').columns(['item_type', 'item_id']).execute();
  await db.schema.createIndex('tasks_open_due_idx').on('tasks').columns(['status', 'due_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tasks').execute();
  await db.schema.dropTable('nc_actions').execute();
  await db.schema.dropTable('nc_cases').execute();
  await db.schema.dropTable('aims').execute();
  await db.schema.alterTable('audit_trail').dropColumn('idempotency_key').execute();
}
