import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // Evidence as files: what was uploaded, for which item and step, by whom, with the hash and the
  // media type sniffed from its bytes. Belongs to the item's AIMS like every row of its record.
  await db.schema
    .createTable('evidence_files')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('aims_id', 'uuid', (c) => c.notNull().references('aims.id'))
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'uuid', (c) => c.notNull())
    .addColumn('step', 'text')
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('store', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('people.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('evidence_files_item_idx').on('evidence_files').columns(['item_type', 'item_id', 'uploaded_at']).execute();
  await db.schema.createIndex('evidence_files_aims_idx').on('evidence_files').columns(['aims_id', 'uploaded_at']).execute();

  // The embedded store's content, one row per file, written in the same transaction as its
  // metadata: an upload that fails or is aborted leaves neither.
  await db.schema
    .createTable('evidence_blobs')
    .addColumn('file_id', 'uuid', (c) => c.primaryKey().references('evidence_files.id'))
    .addColumn('content', 'bytea', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_blobs').execute();
  await db.schema.dropTable('evidence_files').execute();
}
