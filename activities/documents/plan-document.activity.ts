import { addMonthsClamped } from '../../calendar/cadence';
import { instantAt, localDateOf } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import { activeIdsOfAudience } from '../../db/repositories/people.repository';
import type { Audience } from '../../domain/document';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

export interface PlanDocumentInput {
  aimsId: string;
  /** Workflow time: "today" in the AIMS zone is taken from it. */
  at: string;
  /** After an approval: the next review is due `months` (null: the AIMS's interval) after today. */
  nextReviewMonths?: number | null;
}

export interface DocumentPlan {
  today: string;
  approvalDue: string;
  revisionDue: string;
  acknowledgementDue: string;
  nextReview: { dueDate: string; opensAt: string } | null;
}

/**
 * The dates of a document's steps in the AIMS calendar: each due on a working day; a planned
 * review due `months` after the approval (rolled forward to a working day), its task opening the
 * policy's lead of working days before, at the policy's hour in the AIMS zone.
 */
export function createPlanDocument({ db, aimsSettings }: SettingsDeps) {
  return async function planDocument(input: PlanDocumentInput): Promise<DocumentPlan> {
    const { aims, policy, calendar } = await loadAimsSettings({ db, aimsSettings }, input.aimsId);
    const zone = aims.time_zone;
    const today = localDateOf(new Date(input.at), zone);
    let nextReview: DocumentPlan['nextReview'] = null;
    if (input.nextReviewMonths !== undefined) {
      const dueDate = calendar.onOrAfter(addMonthsClamped(today, input.nextReviewMonths ?? policy.documentReviewMonths));
      const opensOn = calendar.addWorkingDays(dueDate, -policy.documentReviewLeadWorkingDays);
      nextReview = { dueDate, opensAt: instantAt(opensOn, policy.sendAt, zone).toISOString() };
    }
    return {
      today,
      approvalDue: calendar.addWorkingDays(today, policy.documentApprovalWorkingDays),
      revisionDue: calendar.addWorkingDays(today, policy.documentRevisionWorkingDays),
      acknowledgementDue: calendar.addWorkingDays(today, policy.documentAcknowledgementWorkingDays),
      nextReview,
    };
  };
}

/** The active people of the AIMS's organisation a version's audience names (roles, departments, people), each once: asked when the version is approved. */
export function createResolveAudience({ db }: { db: Db }) {
  return async function resolveAudience(audience: Audience, aimsId: string): Promise<string[]> {
    return activeIdsOfAudience(db, aimsId, { roles: audience.roles, departments: audience.departments, ids: audience.personIds });
  };
}
