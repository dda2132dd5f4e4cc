import type { WorkflowClient } from '@temporalio/client';
import { ensureReadinessSnapshots } from '../api/readiness-snapshots-start';
import type { Db } from '../db/database';
import { listAims } from '../db/repositories/aims.repository';

/** Starts the monthly readiness figures of every AIMS that has none running; returns how many AIMS it checked. */
export async function reconcileReadinessSnapshots(db: Db, client: WorkflowClient, options: { taskQueue: string; searchAttributes: boolean }): Promise<number> {
  const all = await listAims(db);
  for (const aims of all) await ensureReadinessSnapshots(client, options, { id: aims.id, organisationId: aims.organisation_id });
  return all.length;
}

/** Runs the reconciliation beside a starting worker; logs a failure, never throws (the next start tries again). */
export function reconcileReadinessSnapshotsInBackground(
  db: Db,
  client: WorkflowClient,
  options: { taskQueue: string; searchAttributes: boolean },
  log: { warn(obj: object, msg: string): void },
): Promise<void> {
  return reconcileReadinessSnapshots(db, client, options).then(
    () => undefined,
    (error: unknown) => log.warn({ err: error }, 'could not start the monthly readiness figures of every AIMS; the next worker start tries again'),
  );
}
