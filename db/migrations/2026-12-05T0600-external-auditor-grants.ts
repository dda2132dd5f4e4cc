import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

/**
 * The external auditor's access (issue #14): read-only, to one AIMS, for a period. This table is
 * the only way to hold the `external_auditor` role (memberships' role check refuses it), so the
 * role can never be organisation-wide or open-ended.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('external_auditor_grants')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organisation_id', 'uuid', (c) => c.notNull())
    .addColumn('aims_id', 'uuid', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // The certification body's audit it is for (stage1, stage2, surveillance-1, …), when one was named.
    .addColumn('audit', 'text')
    // The days as granted (calendar dates of the AIMS zone, both included) …
    .addColumn('from_date', 'date', (c) => c.notNull())
    .addColumn('until_date', 'date', (c) => c.notNull())
    // … and the instants they begin and end at there (`valid_until` excluded): what access compares.
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_until', 'timestamptz', (c) => c.notNull())
    .addColumn('granted_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_by', 'uuid', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('revoked_at', 'timestamptz')
    .addForeignKeyConstraint('external_auditor_grants_aims_of_organisation', ['aims_id', 'organisation_id'], 'aims', ['id', 'organisation_id'], (c) =>
      c.onDelete('cascade'),
    )
    .addCheckConstraint('external_auditor_grants_period', sql`valid_until > valid_from and until_date >= from_date`)
    .execute();
  await db.schema.createIndex('external_auditor_grants_person').on('external_auditor_grants').column('person_id').execute();
  await db.schema.createIndex('external_auditor_grants_aims').on('external_auditor_grants').column('aims_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('external_auditor_grants').execute();
}
