import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { DocumentsTable } from '../tables/documents.table';

// Every read and write of `documents`, the read model of each document's workflow.

/** One document, with its `aims_id` (every lookup by id answers which AIMS the row belongs to). */
export async function findDocumentRow(db: DbOrTrx, documentId: string) {
  return db.selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirst();
}

/** The register of one AIMS (or of several, or all: `aimsIds` undefined), by title. */
export async function listDocumentRows(db: DbOrTrx, filter: { aimsId?: string; aimsIds?: readonly string[] } = {}) {
  let query = db.selectFrom('documents').selectAll();
  if (filter.aimsId) query = query.where('aims_id', '=', filter.aimsId);
  if (filter.aimsIds) query = filter.aimsIds.length === 0 ? query.where((eb) => eb.val(false)) : query.where('aims_id', 'in', filter.aimsIds);
  return query.orderBy('title').orderBy('id').execute();
}

/** The workflow's save of its row; answers the id if it was written, nothing if a newer one is stored. */
export async function upsertDocumentIfNewer(trx: DbOrTrx, row: Insertable<DocumentsTable> & { version: number }) {
  return trx
    .insertInto('documents')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row).where('documents.version', '<', row.version))
    .returning('id')
    .executeTakeFirst();
}
