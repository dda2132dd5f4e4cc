import type { DbOrTrx } from '../db/database';
import { insertEvidenceBlob, readEvidenceBlob } from '../db/repositories/evidence.repository';

/**
 * Where evidence bytes live. The metadata row is always in PostgreSQL; a store keeps the content.
 * `put` runs inside the transaction that writes the metadata, so a store that can take part in
 * it (PostgreSQL) leaves nothing behind when the upload fails.
 */
export interface EvidenceStore {
  readonly kind: 'postgres';
  put(trx: DbOrTrx, fileId: string, content: Buffer): Promise<void>;
  get(db: DbOrTrx, fileId: string): Promise<Buffer | undefined>;
}

/** The embedded default: content as `bytea` in `evidence_blobs`, one row per file. */
export const postgresEvidenceStore: EvidenceStore = {
  kind: 'postgres',
  put: (trx, fileId, content) => insertEvidenceBlob(trx, fileId, content),
  get: (db, fileId) => readEvidenceBlob(db, fileId),
};
