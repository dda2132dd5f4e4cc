import { occurrenceDate } from '../../calendar/cadence';
import { instantAt } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import type { PlannedOccurrence, ProgrammeState } from '../../domain/audit';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

/**
 * When occurrence `index` of a programme has its fieldwork, and when its audit opens (the
 * planning lead before, at the policy's hour in the AIMS zone). Moves and skips apply here, so
 * a change to the programme shows in the next plan at once.
 */
export function createPlanOccurrence({ db, aimsSettings }: SettingsDeps) {
  return async function planOccurrence(
    input: Pick<ProgrammeState, 'aimsId' | 'cadence' | 'anchorDate' | 'overrides'> & { index: number },
  ): Promise<PlannedOccurrence> {
    const { calendar, policy, aims } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    const override = input.overrides[String(input.index)];
    const fieldworkStart = calendar.onOrAfter(override?.movedTo ?? occurrenceDate(input.anchorDate, input.cadence, input.index));
    const opens = calendar.addWorkingDays(fieldworkStart, -policy.auditPlanningLeadWorkingDays);
    return {
      index: input.index,
      fieldworkStart,
      startAt: instantAt(opens, policy.sendAt, aims.time_zone).toISOString(),
      skipped: override?.skipped === true,
    };
  };
}
