import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

/**
 * The head of each audit-trail chain in a row of its own (issue #20). Appending locks the row
 * and reads the head in one statement (an upsert: a waiting writer gets the version its
 * predecessor committed), then writes the entries and the new head in one: the chain is held for
 * two statements and the commit instead of three, and no advisory lock is needed. `chain_key`
 * names the chain as the trail's entries do: their AIMS, else 'organisation:' and the
 * organisation whose own record they are in, else 'deployment'. Filled from the trail as it is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_chain_heads')
    .addColumn('chain_key', 'text', (c) => c.primaryKey())
    .addColumn('chain_seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`
    insert into audit_chain_heads (chain_key, chain_seq, hash)
    select distinct on (chain_key) chain_key, chain_seq, hash
    from (
      select 'audit_trail:' || coalesce(aims_id::text, 'organisation:' || organisation_id::text, 'deployment') as chain_key, chain_seq, hash
      from audit_trail
      where chain_seq is not null
    ) entries
    order by chain_key, chain_seq desc`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_chain_heads').execute();
}
