import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feed_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  // One live feed URL per person: issuing a new one must revoke the old one in the same transaction.
  await db.schema
    .createIndex('feed_tokens_one_active_per_person')
    .on('feed_tokens')
    .column('person_id')
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feed_tokens').execute();
}
