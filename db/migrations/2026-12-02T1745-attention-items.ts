import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('attention_items')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('aims_id', 'uuid', (c) => c.references('aims.id'))
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('item_label', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('error_type', 'text', (c) => c.notNull())
    .addColumn('error', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('retry_requested_at', 'timestamptz')
    .addColumn('retry_requested_by', 'uuid', (c) => c.references('people.id'))
    .addColumn('resolved_at', 'timestamptz')
    .execute();
  // One open item per failing step: a step that fails again updates it (and emails nobody twice).
  await db.schema
    .createIndex('attention_items_one_open_per_step')
    .on('attention_items')
    .columns(['workflow_id', 'item_type', 'item_id', 'step'])
    .unique()
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
  await db.schema.createIndex('attention_items_open').on('attention_items').column('first_seen_at').where(sql.ref('resolved_at'), 'is', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('attention_items').execute();
}
