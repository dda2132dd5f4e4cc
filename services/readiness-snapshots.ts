import { instantAt, localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { findAimsById } from '../db/repositories/aims.repository';
import { insertSnapshotIfAbsent } from '../db/repositories/readiness-snapshot.repository';
import { assessReadiness } from './readiness';

// Each AIMS's monthly readiness figure, taken on the first day of the month in the AIMS zone by
// its `readinessSnapshotWorkflow`, whether or not anybody looks at readiness that month.

/** The first day of the month after the one `date` (YYYY-MM-DD) falls in. */
function firstOfNextMonth(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * When the next monthly figure is due: 00:00 on the first day of the month after `after`'s, in
 * the AIMS's zone as it is now (a changed zone is followed from the next plan on). Undefined
 * for an AIMS that no longer exists: there is nothing more to take.
 */
export async function planReadinessSnapshot(db: Db, aimsId: string, after: Date): Promise<{ at: string; month: string } | undefined> {
  const aims = await findAimsById(db, aimsId);
  if (!aims) return undefined;
  const first = firstOfNextMonth(localDateOf(after, aims.time_zone));
  return { at: instantAt(first, '00:00', aims.time_zone).toISOString(), month: first.slice(0, 7) };
}

/**
 * Keeps `month`'s figure as the record shows it at `at`, if `at` is still in that month in the
 * AIMS zone (a figure taken later, after an outage, would describe another month: that month is
 * left without one). Insert-if-absent, so a retry or a second run changes nothing.
 */
export async function takeReadinessSnapshot(db: Db, aimsId: string, month: string, at: Date): Promise<{ taken: boolean }> {
  const aims = await findAimsById(db, aimsId);
  if (!aims) return { taken: false };
  const today = localDateOf(at, aims.time_zone);
  if (today.slice(0, 7) !== month) return { taken: false };
  const { overall, groups, counts } = await assessReadiness(db, aimsId, today);
  await insertSnapshotIfAbsent(db, {
    aims_id: aimsId,
    month,
    taken_on: today,
    overall,
    groups: JSON.stringify(groups),
    counts: JSON.stringify(counts),
  });
  return { taken: true };
}
