import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { ReadinessSnapshotsTable } from '../tables/readiness-snapshots.table';

// Every read and write of `readiness_snapshots`.

/** Keeps the month's first figure: a later one of the same month changes nothing. */
export async function insertSnapshotIfAbsent(db: DbOrTrx, row: Insertable<ReadinessSnapshotsTable>): Promise<void> {
  await db
    .insertInto('readiness_snapshots')
    .values(row)
    .onConflict((oc) => oc.columns(['aims_id', 'month']).doNothing())
    .execute();
}

/** The monthly figures of an AIMS (or of several: `aimsIds`), oldest first. */
export async function listSnapshots(db: DbOrTrx, filter: { aimsId?: string; aimsIds?: readonly string[] }) {
  let query = db.selectFrom('readiness_snapshots').select(['aims_id', 'month', 'taken_on', 'overall', 'groups', 'counts']);
  if (filter.aimsId) query = query.where('aims_id', '=', filter.aimsId);
  if (filter.aimsIds) query = filter.aimsIds.length === 0 ? query.where((eb) => eb.val(false)) : query.where('aims_id', 'in', filter.aimsIds);
  return query.orderBy('aims_id').orderBy('month').execute();
}
