import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever. The
// entry hash below is a copy of version 2 of `db/audit-trail-hash.ts` (an entry of an
// organisation's own record), kept here on purpose.

const GENESIS = '0'.repeat(64);

interface Row {
  id: string;
  organisation_id: string | null;
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
  const fields = {
    aimsId: null,
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
  };
  const canonical = canonicalize(row.organisation_id === null ? { v: 1, ...fields } : { v: 2, organisationId: row.organisation_id, ...fields });
  return createHash('sha256')
    .update(canonical ?? '', 'utf8')
    .digest('hex');
}

export async function up(db: Kysely<any>): Promise<void> {
  // The organisations' own record (entries of no AIMS: people, tokens, feed links, settings) was
  // one chain for the whole deployment, so no organisation's entries could be removed without
  // breaking everyone else's. It becomes one chain per organisation; entries of neither stay the
  // deployment's chain. No foreign key: the id outlives a deleted organisation's row only in
  // `organisation_deletions`, never here.
  await db.schema.alterTable('audit_trail').addColumn('organisation_id', 'uuid').execute();
  await sql`alter table audit_trail add constraint audit_trail_one_chain check (aims_id is null or organisation_id is null)`.execute(db);

  // The one-chain index goes first: while the entries are renumbered, positions repeat across
  // the chains they are moving between. The per-chain index comes back once they are all set.
  await sql`drop index audit_trail_chain_idx`.execute(db);
  await sql`alter table audit_trail disable trigger audit_trail_append_only`.execute(db);
  // Whose record each entry is: the organisation it names, else the home of the person it is
  // about (a token or feed link's holder), else the home of whoever acted.
  await sql`
    update audit_trail t set organisation_id = coalesce(
      (select o.id from organisations o where t.entity_type = 'organisation' and o.id::text = t.entity_id),
      (select p.organisation_id from people p where t.entity_type = 'person' and p.id::text = t.entity_id),
      (select p.organisation_id from api_tokens k join people p on p.id = k.person_id where t.entity_type = 'api_token' and k.id::text = t.entity_id),
      (select p.organisation_id from feed_tokens k join people p on p.id = k.person_id where t.entity_type = 'feed_token' and k.id::text = t.entity_id),
      (select p.organisation_id from people p where p.id = t.actor_id))
    where t.aims_id is null`.execute(db);

  // Re-chain those entries per organisation, in the order they were written.
  const heads = new Map<string, { seq: number; hash: string }>();
  let after = '0';
  for (;;) {
    const rows = (await sql<Row>`select * from audit_trail where aims_id is null and id > ${after} order by id limit 1000`.execute(db)).rows;
    if (rows.length === 0) break;
    const ids: string[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      const key = row.organisation_id ?? '';
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

  await sql`create unique index audit_trail_chain_idx on audit_trail (aims_id, organisation_id, chain_seq) nulls not distinct`.execute(db);
  await sql`create index audit_trail_organisation_idx on audit_trail (organisation_id) where organisation_id is not null`.execute(db);

  // Still append-only for everyone, with one exception: the erasure of a deleted organisation,
  // which names it in a transaction-local setting, may delete that organisation's entries (of its
  // own record, or of its AIMS) and nothing else. Updates stay refused.
  await sql`
    create or replace function audit_trail_is_append_only() returns trigger language plpgsql as $$
    declare
      erasing text := nullif(current_setting('aims.erasing_organisation', true), '');
    begin
      if tg_op = 'DELETE' and erasing is not null and (
           old.organisation_id::text = erasing
        or exists (select 1 from aims a where a.id = old.aims_id and a.organisation_id::text = erasing)) then
        return old;
      end if;
      raise exception 'audit_trail is append-only: % refused', tg_op;
    end $$`.execute(db);

  // The deletion's own record: asked for (the organisation answers as unknown from then on), its
  // progress counted per table as it goes (so a resumed run adds to it), then done.
  await db.schema
    .alterTable('organisation_deletions')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('deleted')
        .check(sql`status in ('deleting', 'deleted')`),
    )
    .addColumn('requested_at', 'timestamptz')
    .addColumn('aims_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('archive_sha256', 'text')
    .addColumn('archive_made_at', 'timestamptz')
    .addColumn('workflows_terminated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('people_kept', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`alter table organisation_deletions alter column deleted_at drop not null`.execute(db);
}

// Down leaves the entries' positions and hashes as they are: the one-chain index it restores
// refuses a database where several organisations' chains have entries (their positions repeat),
// so such a database cannot be taken below this migration by accident.
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table organisation_deletions alter column deleted_at set not null`.execute(db);
  await db.schema
    .alterTable('organisation_deletions')
    .dropColumn('status')
    .dropColumn('requested_at')
    .dropColumn('aims_ids')
    .dropColumn('archive_sha256')
    .dropColumn('archive_made_at')
    .dropColumn('workflows_terminated')
    .dropColumn('people_kept')
    .execute();
  await sql`
    create or replace function audit_trail_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_trail is append-only: % refused', tg_op;
    end $$`.execute(db);
  await sql`drop index audit_trail_organisation_idx`.execute(db);
  await sql`drop index audit_trail_chain_idx`.execute(db);
  await sql`create unique index audit_trail_chain_idx on audit_trail (aims_id, chain_seq) nulls not distinct`.execute(db);
  await sql`alter table audit_trail drop constraint audit_trail_one_chain`.execute(db);
  await db.schema.alterTable('audit_trail').dropColumn('organisation_id').execute();
}
