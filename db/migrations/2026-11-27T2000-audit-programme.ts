import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // Statement of Applicability: one row per Annex A control of each AIMS.
  await db.schema
    .createTable('soa_entries')
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('control_id', 'text', (c) => c.notNull())
    .addColumn('applicable', 'boolean', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('soa_entries_pk', ['aims_id', 'control_id'])
    .execute();

  await db.schema
    .createTable('audit_programmes')
    .addColumn('aims_id', 'uuid', (c) => c.primaryKey().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('anchor_date', 'date', (c) => c.notNull())
    .addColumn('paused', 'boolean', (c) => c.notNull())
    .addColumn('next_index', 'integer', (c) => c.notNull())
    .addColumn('overrides', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('audits')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique().generatedAlwaysAsIdentity())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('workflow_id', 'text', (c) => c.notNull().unique())
    .addColumn('occurrence_index', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scope', sql`text[]`, (c) => c.notNull())
    .addColumn('fieldwork_start', 'date', (c) => c.notNull())
    .addColumn('fieldwork_end', 'date', (c) => c.notNull())
    .addColumn('lead_auditor_id', 'uuid', (c) => c.references('people.id'))
    .addColumn('auditee_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('report_summary', 'text')
    .addColumn('reported_at', 'timestamptz')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('audits_aims_idx').on('audits').columns(['aims_id', 'fieldwork_start']).execute();

  await db.schema
    .createTable('audit_results')
    .addColumn('audit_id', 'uuid', (c) => c.notNull().references('audits.id'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('conforming', 'minor_nc', 'major_nc', 'observation', 'opportunity')`))
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('case_id', 'uuid')
    .addColumn('recorded_by', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_results_pk', ['audit_id', 'item_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_results').execute();
  await db.schema.dropTable('audits').execute();
  await db.schema.dropTable('audit_programmes').execute();
  await db.schema.dropTable('soa_entries').execute();
}
