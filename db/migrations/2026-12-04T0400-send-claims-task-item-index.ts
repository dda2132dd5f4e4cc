import type { Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

/**
 * `notifications.claimed_at`: an email is claimed for a while before its SMTP call instead of
 * being locked in a transaction held open during the call, so a slow relay holds no database
 * connection. `tasks(item_id)`: saves and reads find an item's tasks by its id alone, which the
 * (item_type, item_id) index does not serve.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('claimed_at', 'timestamptz').execute();
  await db.schema.createIndex('tasks_item_id_idx').on('tasks').column('item_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_item_id_idx').execute();
  await db.schema.alterTable('notifications').dropColumn('claimed_at').execute();
}
