import type { Db } from '../../db/database';
import { planReadinessSnapshot, takeReadinessSnapshot } from '../../services/readiness-snapshots';

/** When an AIMS's next monthly readiness figure is due (null: the AIMS is gone). */
export function createPlanReadinessSnapshot({ db }: { db: Db }) {
  return async function planReadinessSnapshotActivity(input: { aimsId: string; after: string }): Promise<{ at: string; month: string } | null> {
    return (await planReadinessSnapshot(db, input.aimsId, new Date(input.after))) ?? null;
  };
}

/** Keeps the month's figure as of the workflow's instant `at` (its own clock, not the activity's). */
export function createTakeReadinessSnapshot({ db }: { db: Db }) {
  return async function takeReadinessSnapshotActivity(input: { aimsId: string; month: string; at: string }): Promise<{ taken: boolean }> {
    return takeReadinessSnapshot(db, input.aimsId, input.month, new Date(input.at));
  };
}
