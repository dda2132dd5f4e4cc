import type { Db } from '../../db/database';
import { listActiveZonesWithManagement } from '../../db/repositories/people.repository';
import { nextDigestInstant } from './digest-periods';

/** Longest sleep: someone added in a new zone is caught within a day. */
const MAX_SLEEP_MS = 24 * 3_600_000;

/**
 * The next instant a digest may be due for somebody: the earliest Monday 09:00 over the zones of
 * active people and the earliest first-weekday-of-the-month 09:00 over the zones of active
 * management, strictly after `after`, capped at a day later.
 */
export function createPlanNextDigestRun({ db }: { db: Db }) {
  return async function planNextDigestRun(input: { after: string }): Promise<{ at: string }> {
    const after = new Date(input.after);
    const zones = await listActiveZonesWithManagement(db);
    const candidates = [
      after.getTime() + MAX_SLEEP_MS,
      ...zones.map((z) => nextDigestInstant('weekly', after, z.time_zone).getTime()),
      ...zones.filter((z) => z.management).map((z) => nextDigestInstant('monthly', after, z.time_zone).getTime()),
    ];
    return { at: new Date(Math.min(...candidates)).toISOString() };
  };
}
