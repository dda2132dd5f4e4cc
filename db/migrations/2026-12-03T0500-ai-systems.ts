import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // Read model of each AI system's workflow (the register, 4.3 and Annex A.4–A.6); its
  // assessments and significant changes are documented information kept whole as JSON.
  await db.schema
    .createTable('ai_systems')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'retired')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('risk_owner_id', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('deployment_status', 'text', (c) => c.notNull())
    .addColumn('intended_users', 'text', (c) => c.notNull())
    .addColumn('affected_people', 'text', (c) => c.notNull())
    .addColumn('data_used', 'jsonb', (c) => c.notNull())
    .addColumn('third_party_components', 'jsonb', (c) => c.notNull())
    .addColumn('suppliers', 'jsonb', (c) => c.notNull())
    .addColumn('risk_classification', 'text', (c) => c.notNull())
    .addColumn('reassessment_months', 'integer')
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retired_at', 'timestamptz')
    .addColumn('next_planned_due', 'date')
    .addColumn('current_assessment', 'jsonb')
    .addColumn('completed_assessments', 'jsonb', (c) => c.notNull())
    .addColumn('significant_changes', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('ai_systems_aims_idx').on('ai_systems').columns(['aims_id', 'status']).execute();

  // The risks of each system's latest approved risk assessment, one row each, so that the
  // dashboard and the review pack count them in SQL. Rewritten with every save of the system.
  await db.schema
    .createTable('ai_risks')
    .addColumn('system_id', 'uuid', (c) => c.notNull().references('ai_systems.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('assessment_id', 'uuid', (c) => c.notNull())
    .addColumn('approved_at', 'timestamptz', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('low', 'medium', 'high', 'critical')`))
    .addColumn('treatment', 'text', (c) => c.notNull())
    .addColumn('residual_level', 'text', (c) => c.notNull().check(sql`residual_level in ('low', 'medium', 'high', 'critical')`))
    .addPrimaryKeyConstraint('ai_risks_pk', ['system_id', 'position'])
    .execute();
  await db.schema.createIndex('ai_risks_aims_idx').on('ai_risks').columns(['aims_id', 'residual_level']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ai_risks').execute();
  await db.schema.dropTable('ai_systems').execute();
}
