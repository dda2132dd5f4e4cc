import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

export async function up(db: Kysely<any>): Promise<void> {
  // Where a file's bytes are: `postgres` (evidence_blobs) or `s3` (an object keyed by AIMS and
  // file id). Each row keeps its own, so files kept before a switch of EVIDENCE_STORE stay readable.
  await sql`alter table evidence_files add constraint evidence_files_store_kind check (store in ('postgres', 's3'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table evidence_files drop constraint evidence_files_store_kind`.execute(db);
}
