import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

/**
 * The email outbox (issue #20): a command's save writes the emails it asks for here, in the
 * same transaction as the change, and one sender per worker delivers them afterwards. `key` is
 * the email's exactly-once key (its `notifications` rows per recipient derive from it), so a
 * save retried after its commit queues nothing twice; `seq` keeps the order the commands asked
 * in; `item` (the asking workflow) keeps an item's emails in that order while one waits to be
 * tried again. A row stays until it is sent, then goes (the `notifications` rows keep what was
 * sent); a failed attempt sets when to try again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_outbox')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id').onDelete('cascade'))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('attention_id', 'uuid')
    .execute();
  // The sender's one question: what is due, oldest first.
  await db.schema.createIndex('email_outbox_due_idx').on('email_outbox').columns(['next_attempt_at', 'seq']).execute();
  // "Does an earlier email of this item wait?"
  await db.schema.createIndex('email_outbox_item_idx').on('email_outbox').columns(['item', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_outbox').execute();
}
