import type { Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // The pages' current organisation of a person in several (the switcher); null: their home
  // organisation. Forgotten with the organisation, not an error when it is deleted.
  await db.schema
    .alterTable('web_sessions')
    .addColumn('organisation_id', 'uuid', (c) => c.references('organisations.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('web_sessions').dropColumn('organisation_id').execute();
}
