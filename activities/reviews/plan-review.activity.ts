import type { Db } from '../../db/database';
import type { PlannedReview } from '../../domain/review';
import { planReviewWith, type ReviewToPlan } from '../../services/review-planning';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

/** The cycle workflow's planning of review `index` (see `planReviewWith`). */
export function createPlanReview({ db, aimsSettings }: SettingsDeps) {
  return async function planReview(input: ReviewToPlan): Promise<PlannedReview> {
    return planReviewWith(await loadAimsSettings({ db, aimsSettings }, input.aimsId), input);
  };
}
