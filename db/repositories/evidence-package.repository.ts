import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { EvidencePackagesTable } from '../tables/evidence-packages.table';

const SUMMARY = [
  'id',
  'aims_id',
  'kind',
  'as_of',
  'period_start',
  'status',
  'files_done',
  'files_total',
  'sha256',
  'size',
  'failure',
  'requested_by',
  'requested_at',
  'built_at',
] as const;

export async function insertEvidencePackage(db: DbOrTrx, row: Insertable<EvidencePackagesTable>): Promise<void> {
  await db.insertInto('evidence_packages').values(row).execute();
}

/** A package of an AIMS without its bytes: what the status route and the page show. */
export async function findEvidencePackage(db: DbOrTrx, aimsId: string, id: string) {
  return db.selectFrom('evidence_packages').select(SUMMARY).where('aims_id', '=', aimsId).where('id', '=', id).executeTakeFirst();
}

/** A package by id alone: what its build reads. */
export async function findEvidencePackageById(db: DbOrTrx, id: string) {
  return db.selectFrom('evidence_packages').select(SUMMARY).where('id', '=', id).executeTakeFirst();
}

export async function listEvidencePackages(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('evidence_packages').select(SUMMARY).where('aims_id', '=', aimsId).orderBy('requested_at', 'desc').orderBy('id').execute();
}

/** The built ZIP, or undefined while it is not built. */
export async function readEvidencePackageContent(db: DbOrTrx, aimsId: string, id: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('evidence_packages')
    .select('content')
    .where('aims_id', '=', aimsId)
    .where('id', '=', id)
    .where('status', '=', 'built')
    .executeTakeFirst();
  return row?.content ?? undefined;
}

/** How far a build is; only while it is building (a late retry cannot undo a finished build). */
export async function setEvidencePackageProgress(db: DbOrTrx, id: string, done: number, total: number): Promise<void> {
  await db.updateTable('evidence_packages').set({ files_done: done, files_total: total }).where('id', '=', id).where('status', '=', 'building').execute();
}

/** Stores the ZIP once: a package already built keeps its bytes. Returns whether this call stored it. */
export async function markEvidencePackageBuilt(
  trx: DbOrTrx,
  id: string,
  built: { content: Buffer; sha256: string; files: number; builtAt: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable('evidence_packages')
    .set({
      status: 'built',
      content: built.content,
      sha256: built.sha256,
      size: built.content.length,
      files_done: built.files,
      files_total: built.files,
      built_at: built.builtAt,
    })
    .where('id', '=', id)
    .where('status', '=', 'building')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markEvidencePackageFailed(db: DbOrTrx, id: string, failure: string): Promise<void> {
  await db.updateTable('evidence_packages').set({ status: 'failed', failure }).where('id', '=', id).where('status', '=', 'building').execute();
}
