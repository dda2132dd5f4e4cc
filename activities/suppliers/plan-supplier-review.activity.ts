import { addMonthsClamped } from '../../calendar/cadence';
import { instantAt, localDateOf } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import { REVIEW_MONTHS_POLICY, type Criticality } from '../../domain/supplier';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

export interface PlanSupplierReviewInput {
  aimsId: string;
  /** Workflow time: "today" in the AIMS zone is taken from it. */
  at: string;
  /** The next review: on `dueDate` when one was given (the first, at registration), else the criticality's interval after today. */
  next: { criticality: Criticality; dueDate: string | null };
}

export interface SupplierReviewPlan {
  today: string;
  nextReview: { dueDate: string; opensAt: string };
}

/**
 * The next review of a supplier in the AIMS calendar: due the policy's months for its
 * criticality after today (rolled forward to a working day), its task opening the policy's lead
 * of working days before, at the policy's hour in the AIMS zone.
 */
export function createPlanSupplierReview({ db, aimsSettings }: SettingsDeps) {
  return async function planSupplierReview(input: PlanSupplierReviewInput): Promise<SupplierReviewPlan> {
    const { aims, policy, calendar } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    const zone = aims.time_zone;
    const today = localDateOf(new Date(input.at), zone);
    const raw = input.next.dueDate ?? addMonthsClamped(today, policy[REVIEW_MONTHS_POLICY[input.next.criticality]]);
    const dueDate = calendar.onOrAfter(raw);
    const opensOn = calendar.addWorkingDays(dueDate, -policy.supplierReviewLeadWorkingDays);
    return { today, nextReview: { dueDate, opensAt: instantAt(opensOn, policy.sendAt, zone).toISOString() } };
  };
}
