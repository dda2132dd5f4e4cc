import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { SoaEntriesTable } from '../tables/audits.table';

// Every read and write of `soa_entries`, an AIMS's Statement of Applicability (one row per
// Annex A control).

export type SoaEntryRow = Insertable<SoaEntriesTable>;

/** Every entry of an AIMS's statement, whole (none for an unknown AIMS). */
export async function listSoaEntries(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('soa_entries').selectAll().where('aims_id', '=', aimsId).execute();
}

/** Each control of an AIMS's statement with whether it applies. */
export async function listControlApplicability(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('soa_entries').select(['control_id', 'applicable']).where('aims_id', '=', aimsId).execute();
}

/** The controls that apply to an AIMS: what its audits must cover. */
export async function listApplicableControlIds(db: DbOrTrx, aimsId: string): Promise<string[]> {
  const rows = await db.selectFrom('soa_entries').select('control_id').where('aims_id', '=', aimsId).where('applicable', '=', true).execute();
  return rows.map((r) => r.control_id);
}

/** One entry of an AIMS's statement, or undefined. */
export async function findSoaEntry(db: DbOrTrx, aimsId: string, controlId: string) {
  return db.selectFrom('soa_entries').selectAll().where('aims_id', '=', aimsId).where('control_id', '=', controlId).executeTakeFirst();
}

/** Adds entries to a statement (a new AIMS's, one per control). */
export async function insertSoaEntries(trx: DbOrTrx, entries: SoaEntryRow[]): Promise<void> {
  await trx.insertInto('soa_entries').values(entries).execute();
}

/** Sets one entry of a statement, adding it if missing. */
export async function upsertSoaEntry(trx: DbOrTrx, entry: SoaEntryRow): Promise<void> {
  await trx
    .insertInto('soa_entries')
    .values(entry)
    .onConflict((oc) => oc.columns(['aims_id', 'control_id']).doUpdateSet(entry))
    .execute();
}
