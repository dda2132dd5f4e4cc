import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../database';
import type { OrganisationDeletion } from '../tables/organisations.table';

// The record of a deletion and every statement of the erasure itself: one organisation's rows,
// table by table in an order its foreign keys allow, a batch at a time.

export async function findDeletion(db: DbOrTrx, organisationId: string): Promise<OrganisationDeletion | undefined> {
  return db.selectFrom('organisation_deletions').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
}

export async function listDeletions(db: DbOrTrx): Promise<OrganisationDeletion[]> {
  return db.selectFrom('organisation_deletions').selectAll().orderBy('requested_at', 'desc').execute();
}

export async function insertDeletionRequest(
  db: DbOrTrx,
  row: { organisationId: string; name: string; deletedBy: string; at: Date; aimsIds: string[]; archiveSha256: string; archiveMadeAt: Date },
): Promise<OrganisationDeletion> {
  return db
    .insertInto('organisation_deletions')
    .values({
      organisation_id: row.organisationId,
      name: row.name,
      deleted_by: row.deletedBy,
      status: 'deleting',
      requested_at: row.at,
      deleted_at: null,
      aims_ids: row.aimsIds,
      archive_sha256: row.archiveSha256,
      archive_made_at: row.archiveMadeAt,
      summary: '{}',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Adds a batch's rows to the table's count, in the batch's own transaction, so a resumed run counts on exactly. */
export async function countDeleted(trx: DbOrTrx, organisationId: string, table: string, rows: number): Promise<void> {
  if (rows === 0) return;
  await sql`
    update organisation_deletions
       set summary = summary || jsonb_build_object(${table}::text, coalesce((summary ->> ${table}::text)::bigint, 0) + ${rows})
     where organisation_id = ${organisationId}`.execute(trx);
}

/**
 * Names the organisation being erased for this transaction only: the trail's append-only
 * trigger then lets this transaction delete that organisation's entries, and nothing else.
 */
export async function beginErasure(trx: DbOrTrx, organisationId: string): Promise<void> {
  await sql`select set_config('aims.erasing_organisation', ${organisationId}, true)`.execute(trx);
  // Nothing should hold the organisation's rows any more (its workflows are gone): a lock that
  // is held anyway fails this batch, which is retried, rather than hanging the erasure.
  await sql`set local lock_timeout = '5s'`.execute(trx);
}

interface EraseStep {
  table: string;
  /** Which of the table's rows are the organisation's. */
  where: (organisationId: string, aimsIds: string[]) => RawBuilder<unknown>;
}

const aimsIn = (aimsIds: string[]) => sql`${aimsIds}::uuid[]`;

/** The items an outbox key names (`task:<id>|…`): an email about them is the organisation's too. */
const itemsOfAims = (aimsIds: string[]) => sql`
  select 'task:' || id from tasks where aims_id = any(${aimsIn(aimsIds)})
  union all select 'review:' || id from reviews where aims_id = any(${aimsIn(aimsIds)})
  union all select 'audit:' || id from audits where aims_id = any(${aimsIn(aimsIds)})`;

/**
 * Every table holding the organisation's record, children before parents. The evidence files'
 * content goes before them, through the evidence store; people come after (`erasePeople`: some
 * are kept), the organisation's row last.
 */
export const ERASE_STEPS: readonly EraseStep[] = [
  { table: 'evidence_files', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'evidence_packages', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'ai_risks', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'ai_systems', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'nc_actions', where: (_o, a) => sql`case_id in (select id from nc_cases where aims_id = any(${aimsIn(a)}))` },
  { table: 'audit_results', where: (_o, a) => sql`audit_id in (select id from audits where aims_id = any(${aimsIn(a)}))` },
  { table: 'notifications', where: (_o, a) => sql`split_part(dedupe_key, '|', 1) in (${itemsOfAims(a)})` },
  { table: 'email_outbox', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'nc_cases', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'audits', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'tasks', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'soa_entries', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'audit_programmes', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'certifications', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'reviews', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'review_cycles', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'documents', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'suppliers', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'readiness_snapshots', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'attention_items', where: (_o, a) => sql`aims_id = any(${aimsIn(a)})` },
  { table: 'external_auditor_grants', where: (o) => sql`organisation_id = ${o}` },
  { table: 'memberships', where: (o) => sql`organisation_id = ${o}` },
  // The trail last among the AIMS's rows: its trigger checks each entry's AIMS is the organisation's.
  { table: 'audit_trail', where: (o, a) => sql`aims_id = any(${aimsIn(a)}) or organisation_id = ${o}` },
  // The heads of those chains (named as `chainKey` names them in the audit-trail repository).
  {
    table: 'audit_chain_heads',
    where: (o, a) => sql`chain_key in (select 'audit_trail:' || id from unnest(${aimsIn(a)}) as id) or chain_key = ${`audit_trail:organisation:${o}`}`,
  },
  { table: 'aims', where: (o) => sql`organisation_id = ${o}` },
];

/** Deletes up to `limit` of the step's rows and counts them; 0 when none are left. */
export async function eraseBatch(trx: DbOrTrx, organisationId: string, aimsIds: string[], step: EraseStep, limit: number): Promise<number> {
  const table = sql.table(step.table);
  const result = await sql`
    delete from ${table} where ctid in (select ctid from ${table} where ${step.where(organisationId, aimsIds)} limit ${limit})`.execute(trx);
  const rows = Number(result.numAffectedRows ?? 0);
  await countDeleted(trx, organisationId, step.table, rows);
  return rows;
}

/**
 * People whose home is the organisation and who are members of, or hold an external auditor
 * grant in, another one: kept, with the organisation they are to move to (the longest-standing
 * of the others; a grant's only when they hold no membership anywhere else).
 */
export async function listPeopleToMove(db: DbOrTrx, organisationId: string): Promise<{ id: string; new_home: string }[]> {
  const rows = await sql<{ id: string; new_home: string }>`
    select p.id, coalesce(
      (select m.organisation_id from memberships m join organisations o on o.id = m.organisation_id
        where m.person_id = p.id and m.organisation_id <> ${organisationId} order by o.created_at, o.id limit 1),
      (select g.organisation_id from external_auditor_grants g join organisations o on o.id = g.organisation_id
        where g.person_id = p.id and g.organisation_id <> ${organisationId} order by o.created_at, o.id limit 1)) as new_home
    from people p
    where p.organisation_id = ${organisationId}
    order by p.id`.execute(db);
  return rows.rows.filter((r) => r.new_home !== null);
}

/**
 * Moves a person's home: their organisation-wide roles there become their `roles` (which the
 * membership mirror keeps as they are), so nothing they hold changes but where they are managed.
 */
export async function moveHome(trx: DbOrTrx, personId: string, from: string, to: string): Promise<boolean> {
  const result = await sql`
    update people p set organisation_id = ${to},
      roles = array(select m.role from memberships m where m.person_id = p.id and m.organisation_id = ${to} and m.aims_id is null order by m.role)
    where p.id = ${personId} and p.organisation_id = ${from}`.execute(trx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/** The people whose home is the organisation and who are kept nowhere else, a batch at a time. */
export async function listPeopleToDelete(db: DbOrTrx, organisationId: string, limit: number): Promise<{ id: string; email: string }[]> {
  return db.selectFrom('people').select(['id', 'email']).where('organisation_id', '=', organisationId).orderBy('id').limit(limit).execute();
}

/** Deletes these people and everything that is theirs alone (sign-ins, tokens, their digests' outbox rows), counted per table. */
export async function erasePeople(trx: DbOrTrx, organisationId: string, people: { id: string; email: string }[]): Promise<void> {
  const ids = people.map((p) => p.id);
  const emails = people.map((p) => p.email.toLowerCase());
  const statements: [string, RawBuilder<unknown>][] = [
    ['notifications', sql`delete from notifications where lower(recipient) = any(${emails}::text[]) or split_part(dedupe_key, '|', 2) = any(${ids}::text[])`],
    ['api_tokens', sql`delete from api_tokens where person_id = any(${ids}::uuid[])`],
    ['feed_tokens', sql`delete from feed_tokens where person_id = any(${ids}::uuid[])`],
    ['web_sessions', sql`delete from web_sessions where person_id = any(${ids}::uuid[])`],
    ['sign_in_links', sql`delete from sign_in_links where person_id = any(${ids}::uuid[])`],
    ['memberships', sql`delete from memberships where person_id = any(${ids}::uuid[])`],
    ['people', sql`delete from people where id = any(${ids}::uuid[]) and organisation_id = ${organisationId}`],
  ];
  for (const [table, statement] of statements) await countDeleted(trx, organisationId, table, Number((await statement.execute(trx)).numAffectedRows ?? 0));
}

/** Sessions of people kept elsewhere that had this organisation chosen fall back to their home. */
export async function releaseSessions(db: DbOrTrx, organisationId: string): Promise<void> {
  await sql`update web_sessions set organisation_id = null where organisation_id = ${organisationId}`.execute(db);
}

/**
 * Every (table, column) of the schema named `aims_id` or `organisation_id` that still holds a
 * row of the organisation or its AIMS: found from the catalogue, so a table added later without
 * its step in `ERASE_STEPS` is named rather than silently left behind.
 */
export async function listLeftovers(db: DbOrTrx, organisationId: string, aimsIds: string[]): Promise<{ table: string; column: string; rows: number }[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
     where table_schema = current_schema() and column_name in ('aims_id', 'organisation_id') and table_name <> 'organisation_deletions'
       and table_name in (select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE')
     order by table_name, column_name`.execute(db);
  const left: { table: string; column: string; rows: number }[] = [];
  for (const { table_name: table, column_name: column } of columns.rows) {
    const count = await sql<{ n: string }>`
      select count(*) as n from ${sql.table(table)} where ${sql.ref(column)}::text = any(${[organisationId, ...aimsIds]}::text[])`.execute(db);
    const rows = Number(count.rows[0]?.n ?? 0);
    if (rows > 0) left.push({ table, column, rows });
  }
  return left;
}

/** One more person kept (their home moved), counted in the same transaction as the move. */
export async function countPersonKept(trx: DbOrTrx, organisationId: string): Promise<void> {
  await sql`update organisation_deletions set people_kept = people_kept + 1 where organisation_id = ${organisationId}`.execute(trx);
}

/** The deletion's row, locked: only one finisher marks it done. */
export async function lockDeletion(trx: DbOrTrx, organisationId: string): Promise<OrganisationDeletion | undefined> {
  return trx.selectFrom('organisation_deletions').selectAll().where('organisation_id', '=', organisationId).forUpdate().executeTakeFirst();
}

/** The organisation's row goes and the deletion is marked done; call it with the deletion locked. */
export async function finishDeletion(trx: DbOrTrx, organisationId: string, at: Date, workflowsTerminated: number): Promise<OrganisationDeletion> {
  const gone = await trx.deleteFrom('organisations').where('id', '=', organisationId).executeTakeFirst();
  await countDeleted(trx, organisationId, 'organisations', Number(gone.numDeletedRows));
  return trx
    .updateTable('organisation_deletions')
    .set({ status: 'deleted', deleted_at: at, workflows_terminated: workflowsTerminated })
    .where('organisation_id', '=', organisationId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The workflow ids the record names for the organisation's AIMS (every table with both
 * `aims_id` and `workflow_id`): what is terminated where the namespace has no search attributes.
 */
export async function listRecordedWorkflowIds(db: DbOrTrx, aimsIds: string[]): Promise<string[]> {
  if (aimsIds.length === 0) return [];
  const tables = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
     where c.table_schema = current_schema() and c.column_name = 'workflow_id'
       and exists (select 1 from information_schema.columns a where a.table_schema = c.table_schema and a.table_name = c.table_name and a.column_name = 'aims_id')
     order by c.table_name`.execute(db);
  const ids = new Set<string>();
  for (const { table_name: table } of tables.rows) {
    const rows = await sql<{ workflow_id: string }>`
      select distinct workflow_id from ${sql.table(table)} where aims_id = any(${aimsIds}::uuid[]) and workflow_id is not null`.execute(db);
    for (const row of rows.rows) ids.add(row.workflow_id);
  }
  return [...ids].sort();
}
