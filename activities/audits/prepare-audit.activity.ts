import { instantAt } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import type { Cadence } from '../../domain/audit';
import { scopeOfOccurrence } from '../../services/audit-scope';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

export interface PrepareAuditInput {
  aimsId: string;
  cadence: Cadence;
  anchorDate: string;
  index: number;
  fieldworkStart: string;
}

export interface PreparedAudit {
  scope: string[];
  fieldworkEnd: string;
  fieldworkOpensAt: string;
  /** Due dates of the audit's tasks: team and notice, then the report. */
  teamDue: string;
  reportDue: string;
}

/** The scope (from the coverage plan) and the dates of one audit, from the AIMS calendar and policy. */
export function createPrepareAudit({ db, aimsSettings }: SettingsDeps) {
  return async function prepareAudit(input: PrepareAuditInput): Promise<PreparedAudit> {
    const { calendar, policy, aims } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    const fieldworkEnd = calendar.addWorkingDays(input.fieldworkStart, policy.auditFieldworkWorkingDays - 1);
    return {
      scope: await scopeOfOccurrence(db, input),
      fieldworkEnd,
      fieldworkOpensAt: instantAt(input.fieldworkStart, '00:00', aims.time_zone).toISOString(),
      teamDue: calendar.addWorkingDays(input.fieldworkStart, -policy.auditNoticeWorkingDays),
      reportDue: calendar.addWorkingDays(fieldworkEnd, policy.auditReportWorkingDays),
    };
  };
}
