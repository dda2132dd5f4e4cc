import { occurrenceDate } from '../calendar/cadence';
import type { Db } from '../db/database';
import { findProgrammeRow } from '../db/repositories/programme.repository';
import type { Cadence, OccurrenceOverride } from '../domain/audit';
import { findAimsSettings } from './aims-settings';
import { scopeOfOccurrence } from './audit-scope';

/**
 * The programme as the record has it, with its coming occurrences as they stand now. Predicting
 * each occurrence's scope costs a few queries; readers that only need dates (calendars) skip it.
 */
export async function findProgramme(db: Db, aimsId: string, options: { upcoming?: number; predictScope?: boolean } = {}) {
  const { upcoming = 4, predictScope = true } = options;
  const row = await findProgrammeRow(db, aimsId);
  const settings = await findAimsSettings(db, aimsId);
  if (!row || !settings) return undefined;
  const { occurrences } = row.overrides as { occurrences: Record<string, OccurrenceOverride> };
  const cadence = row.cadence as Cadence;
  const next = [];
  const plannedBefore: { fieldworkStart: string; scope: string[] }[] = [];
  for (let index = row.next_index; index < row.next_index + upcoming; index++) {
    const override = occurrences[String(index)];
    const fieldworkStart = settings.calendar.onOrAfter(override?.movedTo ?? occurrenceDate(row.anchor_date, cadence, index));
    // What the audit would cover if it opened as things stand: earlier predictions count as covered.
    const scope =
      override?.skipped || !predictScope
        ? []
        : await scopeOfOccurrence(db, { aimsId, cadence, anchorDate: row.anchor_date, index, fieldworkStart, plannedBefore });
    plannedBefore.push({ fieldworkStart, scope });
    next.push({
      index,
      fieldworkStart,
      status: override?.skipped ? ('skipped' as const) : override?.movedTo ? ('moved' as const) : ('planned' as const),
      reason: override?.reason ?? null,
      predictedScope: scope,
    });
  }
  return { aimsId, cadence, anchorDate: row.anchor_date, paused: row.paused, nextIndex: row.next_index, upcoming: next };
}
