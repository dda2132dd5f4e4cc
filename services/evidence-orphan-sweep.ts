import type { DbOrTrx } from '../db/database';
import { findExistingEvidenceFileIds } from '../db/repositories/evidence.repository';
import type { S3EvidenceStore, StoredObject } from './s3-evidence-store';

const BATCH = 500;

/**
 * Deletes the objects that have no metadata row and were written before `writtenBefore`: what a
 * process left when it died between putting an object and committing its row (a failed commit
 * deletes its object at once). Young objects are left alone, since their upload may still be
 * committing; the age (EVIDENCE_ORPHAN_MINUTES) is far longer than any upload's transaction.
 * Safe to run from several processes at once: a delete of a deleted object succeeds.
 */
export async function sweepOrphanEvidence(db: DbOrTrx, store: S3EvidenceStore, writtenBefore: Date): Promise<{ checked: number; deleted: string[] }> {
  const deleted: string[] = [];
  let checked = 0;
  let batch: StoredObject[] = [];
  const judge = async () => {
    const kept = await findExistingEvidenceFileIds(
      db,
      batch.map((o) => o.fileId),
    );
    for (const object of batch) {
      if (kept.has(object.fileId)) continue;
      await store.deleteObject(object.key);
      deleted.push(object.key);
    }
    batch = [];
  };
  for await (const object of store.listObjects()) {
    checked += 1;
    if (object.lastModified >= writtenBefore) continue;
    batch.push(object);
    if (batch.length >= BATCH) await judge();
  }
  if (batch.length > 0) await judge();
  return { checked, deleted };
}
