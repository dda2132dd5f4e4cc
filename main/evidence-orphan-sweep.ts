import type { Db } from '../db/database';
import { sweepOrphanEvidence } from '../services/evidence-orphan-sweep';
import type { S3EvidenceStore } from '../services/s3-evidence-store';

/**
 * Beside each worker, sweeps the S3 bucket for objects left without a metadata row: at start and
 * then every `orphanAfterMs`. A timer in the process rather than a workflow: the sweep is
 * housekeeping of the store, idempotent, with nothing to remember between runs, and a missed run
 * only leaves invisible bytes a little longer. (PostgreSQL needs none: one transaction keeps both.)
 * Returns the stop function.
 */
export function sweepOrphanEvidenceInBackground(
  db: Db,
  s3: S3EvidenceStore,
  orphanAfterMs: number,
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const sweep = () => {
    running = sweepOrphanEvidence(db, s3, new Date(Date.now() - orphanAfterMs)).then(
      ({ deleted }) => {
        if (deleted.length > 0) log.info({ deleted }, `removed ${deleted.length} evidence object(s) left by uploads that never committed`);
      },
      (error: unknown) => log.warn({ err: error }, 'the evidence orphan sweep failed; it runs again later'),
    );
  };
  sweep();
  const timer = setInterval(sweep, orphanAfterMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
