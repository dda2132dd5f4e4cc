import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever. The
// entry hash below is therefore a copy of version 1 of `db/audit-trail-hash.ts`, kept here on
// purpose: what the migration chained must verify with the same rule for as long as it exists.

const GENESIS = '0'.repeat(64);

interface Row {
  id: string;
  aims_id: string | null;
  occurred_at: Date;
  actor_id: string | null;
  actor_label: string;
  entity_type: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
  idempotency_key: string | null;
}

function entryHash(row: Row, seq: number, prevHash: string): string {
  const canonical = canonicalize({
    v: 1,
    aimsId: row.aims_id,
    seq,
    prevHash,
    occurredAt: row.occurred_at.toISOString(),
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    entityType: row.entity_type,
    entityId: row.entity_id,
    action: row.action,
    before: row.before,
    after: row.after,
    idempotencyKey: row.idempotency_key,
  });
  return createHash('sha256')
    .update(canonical ?? '', 'utf8')
    .digest('hex');
}

export async function up(db: Kysely<any>): Promise<void> {
  // Each entry belongs to the AIMS whose record it changes (null: the organisation's own record,
  // people and tokens), and is chained to the previous entry of that AIMS by hash.
  await db.schema
    .alterTable('audit_trail')
    .addColumn('aims_id', 'uuid', (c) => c.references('aims.id'))
    .addColumn('chain_seq', 'bigint')
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute();

  // Which AIMS each existing entry belongs to: the AIMS-wide items are keyed by the AIMS's id,
  // SoA entries by `<aimsId>/<control>`, every other item by its own id in its own table.
  await sql`alter table audit_trail disable trigger audit_trail_append_only`.execute(db);
  await sql`
    update audit_trail t set aims_id = coalesce(
      (select a.id from aims a where t.entity_type in ('aims', 'certification', 'review_cycle', 'audit_programme') and a.id::text = t.entity_id),
      (select a.id from aims a where t.entity_type = 'soa_entry' and a.id::text = split_part(t.entity_id, '/', 1)),
      (select x.aims_id from nc_cases x where t.entity_type = 'nc_case' and x.id::text = t.entity_id),
      (select x.aims_id from audits x where t.entity_type = 'audit' and x.id::text = t.entity_id),
      (select x.aims_id from reviews x where t.entity_type = 'management_review' and x.id::text = t.entity_id),
      (select x.aims_id from ai_systems x where t.entity_type = 'ai_system' and x.id::text = t.entity_id),
      (select x.aims_id from tasks x where t.entity_type = 'task' and x.id::text = t.entity_id))`.execute(db);

  // Chain what exists, in the order it was written, in batches.
  const heads = new Map<string, { seq: number; hash: string }>();
  let after = '0';
  for (;;) {
    const rows = (await sql<Row>`select * from audit_trail where id > ${after} order by id limit 1000`.execute(db)).rows;
    if (rows.length === 0) break;
    const ids: string[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      const key = row.aims_id ?? '';
      const head = heads.get(key) ?? { seq: 0, hash: GENESIS };
      const seq = head.seq + 1;
      const hash = entryHash(row, seq, head.hash);
      ids.push(String(row.id));
      seqs.push(seq);
      prevs.push(head.hash);
      hashes.push(hash);
      heads.set(key, { seq, hash });
    }
    await sql`
      update audit_trail t set chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
      from (select unnest(${ids}::bigint[]) as id, unnest(${seqs}::bigint[]) as seq,
                   unnest(${prevs}::text[]) as prev, unnest(${hashes}::text[]) as hash) v
      where t.id = v.id`.execute(db);
    after = ids[ids.length - 1]!;
  }
  await sql`alter table audit_trail enable trigger audit_trail_append_only`.execute(db);

  await db.schema
    .alterTable('audit_trail')
    .alterColumn('chain_seq', (c) => c.setNotNull())
    .alterColumn('prev_hash', (c) => c.setNotNull())
    .alterColumn('hash', (c) => c.setNotNull())
    .execute();
  // One entry per position of each chain: even a writer that skipped the lock could not fork it.
  await sql`create unique index audit_trail_chain_idx on audit_trail (aims_id, chain_seq) nulls not distinct`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index audit_trail_chain_idx`.execute(db);
  await db.schema.alterTable('audit_trail').dropColumn('hash').dropColumn('prev_hash').dropColumn('chain_seq').dropColumn('aims_id').execute();
}
