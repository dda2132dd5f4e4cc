import type { DbOrTrx } from '../db/database';
import { deleteEvidenceBlobs, insertEvidenceBlob, readEvidenceBlob } from '../db/repositories/evidence.repository';

/**
 * Where evidence bytes live. The metadata row is always in PostgreSQL; a store keeps the content.
 * `put` runs inside the transaction that writes the metadata, so a store that can take part in
 * it (PostgreSQL) leaves nothing behind when the upload fails.
 */
export interface EvidenceStore {
  readonly kind: 'postgres';
  put(trx: DbOrTrx, fileId: string, content: Buffer): Promise<void>;
  get(db: DbOrTrx, fileId: string): Promise<Buffer | undefined>;
  /**
   * Removes the content of these files for good (an organisation's erasure, before their rows
   * go); content already gone is no error, so a resumed erasure may ask again. Answers how many
   * were removed, as far as the store can tell.
   */
  remove(db: DbOrTrx, fileIds: readonly string[]): Promise<number>;
}

/** The embedded default: content as `bytea` in `evidence_blobs`, one row per file. */
export const postgresEvidenceStore: EvidenceStore = {
  kind: 'postgres',
  put: (trx, fileId, content) => insertEvidenceBlob(trx, fileId, content),
  get: (db, fileId) => readEvidenceBlob(db, fileId),
  remove: (db, fileIds) => deleteEvidenceBlobs(db, fileIds),
};
