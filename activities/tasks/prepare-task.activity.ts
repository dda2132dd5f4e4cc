import { localDateOf } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import { findPersonWithActiveManager } from '../../db/repositories/people.repository';
import { missingRow } from '../classify-failure';
import type { CaseDeadline } from '../../domain/policy';
import type { Severity } from '../../domain/nc-case';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

export interface PrepareTaskInput {
  aimsId: string;
  /** A person, or the AIMS's programme manager (for approvals). */
  owner: { id: string } | { programmeManager: true };
  /** ISO instant of the event the deadline counts from (workflow time). */
  eventAt: string;
  deadline: { kind: 'case'; step: CaseDeadline; severity: Severity } | { kind: 'date'; dueDate: string };
}

export interface PreparedTask {
  ownerId: string;
  dueDate: string;
  ownerManagerId: string | null;
  maxExtensions: number;
}

/**
 * Everything a new task needs that depends on the calendar, the policy or the people table:
 * its due date in working days of the AIMS calendar, the owner's manager, the extension limit.
 */
export function createPrepareTask({ db, aimsSettings }: SettingsDeps) {
  return async function prepareTask(input: PrepareTaskInput): Promise<PreparedTask> {
    const { policy, calendar, aims } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    const ownerId = 'id' in input.owner ? input.owner.id : aims.programme_manager_id;
    const owner = await findPersonWithActiveManager(db, ownerId);
    if (!owner) throw missingRow(`person ${ownerId} does not exist`);
    const dueDate =
      input.deadline.kind === 'date'
        ? input.deadline.dueDate
        : calendar.addWorkingDays(localDateOf(new Date(input.eventAt), aims.time_zone), policy.caseDeadlines[input.deadline.step][input.deadline.severity]);
    return { ownerId, dueDate, ownerManagerId: owner.active_manager_id, maxExtensions: policy.maxExtensionsPerStep };
  };
}
