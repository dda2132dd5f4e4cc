import { WorkingCalendar } from '../calendar/working-calendar';
import type { DbOrTrx } from '../db/database';
import { findAimsById } from '../db/repositories/aims.repository';
import type { Aims } from '../db/tables/aims.table';
import { effectivePolicy, type Policy } from '../domain/policy';

export interface AimsSettings {
  aims: Aims;
  policy: Policy;
  calendar: WorkingCalendar;
}

/**
 * An AIMS with its policy merged over the defaults and its working calendar. Re-read at each
 * use: a changed holiday region or policy applies from the next computation on.
 */
export async function findAimsSettings(db: DbOrTrx, aimsId: string): Promise<AimsSettings | undefined> {
  const aims = await findAimsById(db, aimsId);
  if (!aims) return undefined;
  return {
    aims,
    policy: effectivePolicy(aims.policy),
    calendar: new WorkingCalendar({ timeZone: aims.time_zone, holidayRegion: aims.holiday_region, closedDays: aims.closed_days }),
  };
}
