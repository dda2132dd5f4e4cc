import { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { Database, Db, DbOrTrx } from '../db/database';
import { deleteEvidenceBlobs, insertEvidenceBlob, readEvidenceBlob } from '../db/repositories/evidence.repository';
import type { EvidenceFile } from '../db/tables/evidence-files.table';

export type EvidenceStoreKind = EvidenceFile['store'];

/** What a store needs of a stored file: its id, its AIMS (S3 keys are per AIMS) and the store that holds its bytes. */
export type StoredFile = Pick<EvidenceFile, 'id' | 'aims_id' | 'store'>;

/** A checked upload about to be kept: complete, its size, type and sha256 known. */
export interface NewContent {
  fileId: string;
  aimsId: string;
  content: Buffer;
  sha256: string;
  mediaType: string;
}

/**
 * The metadata of a file being kept, in two steps because the trail entry must be the last
 * statement of its transaction (it takes the AIMS's chain lock, see ARCHITECTURE.md).
 */
export interface MetadataWrite<T> {
  row(trx: Transaction<Database>): Promise<T>;
  trail(trx: Transaction<Database>, row: T): Promise<void>;
}

/**
 * Where evidence bytes live; the metadata row is always in PostgreSQL. `keep` owns the order of
 * content and metadata so that a listed file always has its bytes and a refused or failed upload
 * leaves nothing a reader can reach: PostgreSQL writes both in one transaction; S3 puts the
 * object first and commits the row after (see `s3-evidence-store.ts`).
 */
export interface EvidenceStore {
  readonly kind: EvidenceStoreKind;
  keep<T>(db: Db, file: NewContent, write: MetadataWrite<T>): Promise<T>;
  /** The whole content (the evidence package), or undefined when the store has none. */
  read(db: DbOrTrx, file: StoredFile): Promise<Buffer | undefined>;
  /** The content as a stream (downloads), or undefined when the store has none. */
  open(db: DbOrTrx, file: StoredFile): Promise<Readable | undefined>;
  /**
   * Removes the content of these files for good (an organisation's erasure, before their rows
   * go); content already gone is no error, so a resumed erasure may ask again. Answers how many
   * were removed, as far as the store can tell.
   */
  remove(db: DbOrTrx, files: readonly StoredFile[]): Promise<number>;
  /** Resolves when the store answers (readiness); rejects naming what failed. */
  check(): Promise<void>;
  /** Releases connections (the S3 client's sockets). */
  close(): void;
}

/** The embedded default: content as `bytea` in `evidence_blobs`, one row per file, in the metadata's transaction. */
export const postgresEvidenceStore: EvidenceStore = {
  kind: 'postgres',
  keep: (db, file, write) =>
    db.transaction().execute(async (trx) => {
      const row = await write.row(trx);
      await insertEvidenceBlob(trx, file.fileId, file.content);
      await write.trail(trx, row);
      return row;
    }),
  read: (db, file) => readEvidenceBlob(db, file.id),
  open: async (db, file) => {
    const content = await readEvidenceBlob(db, file.id);
    return content && Readable.from([content]);
  },
  remove: (db, files) =>
    deleteEvidenceBlobs(
      db,
      files.map((f) => f.id),
    ),
  // The database's own readiness check covers it.
  check: async () => {},
  close: () => {},
};
