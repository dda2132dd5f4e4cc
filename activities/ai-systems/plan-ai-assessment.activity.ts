import { addMonthsClamped } from '../../calendar/cadence';
import { instantAt, localDateOf } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import type { RiskMatrix } from '../../domain/ai-risk';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

export interface PlanAiAssessmentInput {
  aimsId: string;
  /** Workflow time: "today" in the AIMS zone is taken from it. */
  at: string;
  /**
   * The next planned assessment: due `months` (null: the AIMS's interval) after today (the day
   * the last one was completed), or on `dueDate` when one was given (the first, at registration).
   */
  planned: { fromToday: true; months: number | null } | { dueDate: string } | null;
}

export interface AiAssessmentPlan {
  today: string;
  /** A significant change's (or an unplanned first) assessment: due this working day. */
  changeDue: string;
  /** An approval asked for today is due this working day. */
  approvalDue: string;
  planned: { dueDate: string; opensAt: string } | null;
  matrix: RiskMatrix;
  approverDiffersFromAssessor: boolean;
}

/**
 * The dates of an AI system's assessments in the AIMS calendar, and the policy its rules need:
 * a planned assessment is due on a working day (rolled forward) and opens the policy's lead of
 * working days before, at the policy's hour in the AIMS zone.
 */
export function createPlanAiAssessment({ db, aimsSettings }: SettingsDeps) {
  return async function planAiAssessment(input: PlanAiAssessmentInput): Promise<AiAssessmentPlan> {
    const { aims, policy, calendar } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    const zone = aims.time_zone;
    const today = localDateOf(new Date(input.at), zone);
    let planned: AiAssessmentPlan['planned'] = null;
    if (input.planned) {
      const raw = 'dueDate' in input.planned ? input.planned.dueDate : addMonthsClamped(today, input.planned.months ?? policy.aiReassessmentMonths);
      const dueDate = calendar.onOrAfter(raw);
      const opensOn = calendar.addWorkingDays(dueDate, -policy.aiAssessmentLeadWorkingDays);
      planned = { dueDate, opensAt: instantAt(opensOn, policy.sendAt, zone).toISOString() };
    }
    return {
      today,
      changeDue: calendar.addWorkingDays(today, policy.aiChangeAssessmentWorkingDays),
      approvalDue: calendar.addWorkingDays(today, policy.aiApprovalWorkingDays),
      planned,
      matrix: policy.aiRiskMatrix,
      approverDiffersFromAssessor: policy.aiApproverDiffersFromAssessor,
    };
  };
}
