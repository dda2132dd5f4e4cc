import { inAims } from '../aims-filter';
import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../database';
import type { AuditResultsTable, AuditsTable } from '../tables/audits.table';

// Every read and write of `audits` and `audit_results` (an audit's findings, one row per item),
// the audit workflow's versioned save of the audit row included.

export type AuditResultRow = Insertable<AuditResultsTable>;

/** Audits of one AIMS or of all, by fieldwork start then number. */
export async function listAuditRows(db: DbOrTrx, aimsId: string | undefined, aimsIds?: readonly string[]) {
  let query = db.selectFrom('audits').selectAll().orderBy('fieldwork_start').orderBy('number');
  if (aimsId) query = query.where('aims_id', '=', aimsId);
  if (aimsIds) query = query.where(inAims('aims_id', aimsIds));
  return query.execute();
}

/**
 * One audit with the date it is today in its AIMS's zone (for overdue tasks); `today` is the
 * caller's expression over the joined `aims` row.
 */
export async function findAuditWithToday(db: DbOrTrx, auditId: string, today: RawBuilder<string>) {
  return db
    .selectFrom('audits')
    .innerJoin('aims', 'aims.id', 'audits.aims_id')
    .selectAll('audits')
    .select(today.as('today'))
    .where('audits.id', '=', auditId)
    .executeTakeFirst();
}

/** One audit with its AIMS's programme manager (the report goes to them). */
export async function findAuditWithProgrammeManager(db: DbOrTrx, auditId: string) {
  return db
    .selectFrom('audits')
    .innerJoin('aims', 'aims.id', 'audits.aims_id')
    .selectAll('audits')
    .select('aims.programme_manager_id')
    .where('audits.id', '=', auditId)
    .executeTakeFirst();
}

/** The workflow that owns an audit, or undefined for no such audit. */
export async function findAuditWorkflowId(db: DbOrTrx, auditId: string): Promise<string | undefined> {
  const row = await db.selectFrom('audits').select('workflow_id').where('id', '=', auditId).executeTakeFirst();
  return row?.workflow_id;
}

/** An audit's scope; throws when there is no such audit. */
export async function getAuditScope(db: DbOrTrx, auditId: string): Promise<string[]> {
  const row = await db.selectFrom('audits').select('scope').where('id', '=', auditId).executeTakeFirstOrThrow();
  return row.scope;
}

/** The number an audit was given by its first save; throws when there is no such audit. */
export async function getAuditNumber(db: DbOrTrx, auditId: string): Promise<number> {
  const row = await db.selectFrom('audits').select('number').where('id', '=', auditId).executeTakeFirstOrThrow();
  return row.number;
}

/** Whether an internal audit of this id belongs to this AIMS. */
export async function isAuditOfAims(db: DbOrTrx, aimsId: string, auditId: string): Promise<boolean> {
  const row = await db.selectFrom('audits').select('id').where('id', '=', auditId).where('aims_id', '=', aimsId).executeTakeFirst();
  return row !== undefined;
}

/** Scopes of an AIMS's audits not cancelled with fieldwork starting in [from, before). */
export async function listAuditScopesBetween(db: DbOrTrx, aimsId: string, from: string, before: string) {
  return db
    .selectFrom('audits')
    .select(['scope', 'fieldwork_start'])
    .where('aims_id', '=', aimsId)
    .where('status', '!=', 'cancelled')
    .where('fieldwork_start', '>=', from)
    .where('fieldwork_start', '<', before)
    .execute();
}

/** An AIMS's audits not cancelled, by fieldwork start: what the coverage matrix plans with. */
export async function listAuditsForCoverage(db: DbOrTrx, aimsId: string) {
  return db
    .selectFrom('audits')
    .select(['id', 'number', 'scope', 'fieldwork_start', 'status'])
    .where('aims_id', '=', aimsId)
    .where('status', '!=', 'cancelled')
    .orderBy('fieldwork_start')
    .execute();
}

/** An AIMS's audits not cancelled, whole, by fieldwork start: what its calendar feed shows. */
export async function listAuditRowsNotCancelled(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('audits').selectAll().where('aims_id', '=', aimsId).where('status', '<>', 'cancelled').orderBy('fieldwork_start').execute();
}

/** An AIMS's audits with fieldwork starting in [from, before), by fieldwork start (a review's period). */
export async function listAuditsStartingBetween(db: DbOrTrx, aimsId: string, from: string, before: string) {
  return db
    .selectFrom('audits')
    .select(['id', 'number', 'status', 'fieldwork_start', 'fieldwork_end', 'scope'])
    .where('aims_id', '=', aimsId)
    .where('fieldwork_start', '>=', from)
    .where('fieldwork_start', '<', before)
    .orderBy('fieldwork_start')
    .execute();
}

/** An audit's recorded results, whole, in no particular order. */
export async function listAuditResults(db: DbOrTrx, auditId: string) {
  return db.selectFrom('audit_results').selectAll().where('audit_id', '=', auditId).execute();
}

/** An audit's recorded results, whole, by item (as the report lists them). */
export async function listAuditResultsByItem(db: DbOrTrx, auditId: string) {
  return db.selectFrom('audit_results').selectAll().where('audit_id', '=', auditId).orderBy('item_id').execute();
}

/** An audit's recorded result and evidence per item: what a changed form is compared with. */
export async function listAuditResultEvidence(db: DbOrTrx, auditId: string) {
  return db.selectFrom('audit_results').select(['item_id', 'result', 'evidence']).where('audit_id', '=', auditId).execute();
}

/** Results of several audits (none when the list is empty, without asking the database). */
export async function listResultsOfAudits(db: DbOrTrx, auditIds: string[]) {
  if (auditIds.length === 0) return [];
  return db.selectFrom('audit_results').select(['audit_id', 'item_id', 'result']).where('audit_id', 'in', auditIds).execute();
}

/** Every result recorded in an AIMS's audits with its audit's fieldwork start, oldest first. */
export async function listAimsResultsByFieldwork(db: DbOrTrx, aimsId: string) {
  return db
    .selectFrom('audit_results')
    .innerJoin('audits', 'audits.id', 'audit_results.audit_id')
    .select(['audit_results.item_id', 'audit_results.result', 'audits.fieldwork_start'])
    .where('audits.aims_id', '=', aimsId)
    .orderBy('audits.fieldwork_start')
    .execute();
}

/** Records or replaces the result of one item of an audit (one row per audit and item). */
export async function upsertAuditResult(trx: DbOrTrx, result: AuditResultRow): Promise<void> {
  await trx
    .insertInto('audit_results')
    .values(result)
    .onConflict((oc) => oc.columns(['audit_id', 'item_id']).doUpdateSet(result))
    .execute();
}

/** The audit workflow's save of its row; answers the row's number if it was written, nothing if a newer one is stored. */
export async function upsertAuditIfNewer(trx: DbOrTrx, row: Insertable<AuditsTable> & { version: number }) {
  return trx
    .insertInto('audits')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row).where('audits.version', '<', row.version))
    .returning('number')
    .executeTakeFirst();
}

/** The AIMS of the audit a workflow runs (the audit team's roles are checked there). */
export async function findAimsOfAuditWorkflow(db: DbOrTrx, workflowId: string): Promise<string | undefined> {
  const row = await db.selectFrom('audits').select('aims_id').where('workflow_id', '=', workflowId).executeTakeFirst();
  return row?.aims_id;
}
