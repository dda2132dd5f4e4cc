import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { EvidenceFile, EvidenceFilesTable } from '../tables/evidence-files.table';

export async function insertEvidenceFile(trx: DbOrTrx, row: Insertable<EvidenceFilesTable>): Promise<EvidenceFile> {
  return trx.insertInto('evidence_files').values(row).returningAll().executeTakeFirstOrThrow();
}

/** One file's metadata (with its `aims_id`, which access checks use), or undefined. */
export async function findEvidenceFile(db: DbOrTrx, id: string): Promise<EvidenceFile | undefined> {
  return db.selectFrom('evidence_files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An item's files, oldest first; `aimsIds` restricts to those AIMS (undefined: no restriction). */
export async function listEvidenceOfItem(db: DbOrTrx, itemType: string, itemId: string, aimsIds?: readonly string[]): Promise<EvidenceFile[]> {
  let q = db.selectFrom('evidence_files').selectAll().where('item_type', '=', itemType).where('item_id', '=', itemId);
  if (aimsIds) q = q.where('aims_id', 'in', aimsIds.length ? aimsIds : ['00000000-0000-0000-0000-000000000000']);
  return q.orderBy('uploaded_at').orderBy('id').execute();
}

/** Every file of an AIMS uploaded up to an instant (what a frozen evidence package contains). */
export async function listEvidenceUpTo(db: DbOrTrx, aimsId: string, upTo: Date): Promise<EvidenceFile[]> {
  return db
    .selectFrom('evidence_files')
    .selectAll()
    .where('aims_id', '=', aimsId)
    .where('uploaded_at', '<=', upTo)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

export async function countEvidenceFiles(db: DbOrTrx, aimsIds?: readonly string[]): Promise<number> {
  let q = db.selectFrom('evidence_files').select((eb) => eb.fn.countAll<string>().as('n'));
  if (aimsIds) q = q.where('aims_id', 'in', aimsIds.length ? aimsIds : ['00000000-0000-0000-0000-000000000000']);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function insertEvidenceBlob(trx: DbOrTrx, fileId: string, content: Buffer): Promise<void> {
  await trx.insertInto('evidence_blobs').values({ file_id: fileId, content }).execute();
}

export async function readEvidenceBlob(db: DbOrTrx, fileId: string): Promise<Buffer | undefined> {
  return (await db.selectFrom('evidence_blobs').select('content').where('file_id', '=', fileId).executeTakeFirst())?.content;
}

/** Deletes the stored content of these files; how many there were (content already gone is no error). */
export async function deleteEvidenceBlobs(db: DbOrTrx, fileIds: readonly string[]): Promise<number> {
  if (fileIds.length === 0) return 0;
  const result = await db
    .deleteFrom('evidence_blobs')
    .where('file_id', 'in', [...fileIds])
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The evidence files of these AIMS after `afterId`, in id order, a page at a time: what an erasure walks. */
export async function listEvidenceFilesOfAims(
  db: DbOrTrx,
  aimsIds: readonly string[],
  afterId: string | null,
  limit: number,
): Promise<{ id: string; aims_id: string; store: EvidenceFile['store'] }[]> {
  if (aimsIds.length === 0) return [];
  let query = db
    .selectFrom('evidence_files')
    .select(['id', 'aims_id', 'store'])
    .where('aims_id', 'in', [...aimsIds]);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** Which of these ids have a metadata row (the orphan sweep keeps their objects). */
export async function findExistingEvidenceFileIds(db: DbOrTrx, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('evidence_files').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
