import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { SuppliersTable } from '../tables/suppliers.table';

// Every read and write of `suppliers`, the read model of each supplier's workflow.

/** One supplier, with its `aims_id`. */
export async function findSupplierRow(db: DbOrTrx, supplierId: string) {
  return db.selectFrom('suppliers').selectAll().where('id', '=', supplierId).executeTakeFirst();
}

/** The register of one AIMS (or of several, or all: `aimsIds` undefined), by name. */
export async function listSupplierRows(db: DbOrTrx, filter: { aimsId?: string; aimsIds?: readonly string[] } = {}) {
  let query = db.selectFrom('suppliers').selectAll();
  if (filter.aimsId) query = query.where('aims_id', '=', filter.aimsId);
  if (filter.aimsIds) query = filter.aimsIds.length === 0 ? query.where((eb) => eb.val(false)) : query.where('aims_id', 'in', filter.aimsIds);
  return query.orderBy('name').orderBy('id').execute();
}

export async function upsertSupplierIfNewer(trx: DbOrTrx, row: Insertable<SuppliersTable> & { version: number }) {
  return trx
    .insertInto('suppliers')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row).where('suppliers.version', '<', row.version))
    .returning('id')
    .executeTakeFirst();
}
