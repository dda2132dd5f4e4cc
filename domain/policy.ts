import { DEFAULT_RISK_MATRIX, type RiskLevel, type RiskMatrix } from './ai-risk';

/**
 * The numbers behind every deadline, reminder and escalation: a per-AIMS setting whose defaults
 * are the spec's. Stored as overrides on the AIMS; merged over these defaults when read.
 */
export interface Policy {
  /** Reminders this many working days before the due date, at `sendAt` in the recipient's zone. */
  reminderWorkingDaysBefore: number[];
  sendAt: string;
  escalateToManagerAfterWorkingDays: number;
  escalateToManagementAfterWorkingDays: number;
  chaseEveryDays: number;
  maxExtensionsPerStep: number;
  /** Internal audits, in working days: the audit opens this long before fieldwork, */
  auditPlanningLeadWorkingDays: number;
  /** the team is named and auditees notified by this long before it, */
  auditNoticeWorkingDays: number;
  /** fieldwork lasts this long, */
  auditFieldworkWorkingDays: number;
  /** and the report is due this long after it. */
  auditReportWorkingDays: number;
  /** Certification: tasks ahead of each external audit, this many calendar days before it is due, */
  certificationReminderDaysBefore: number[];
  /** a major external nonconformity is to be closed within this many calendar days of the audit, */
  externalMajorCloseDays: number;
  /** and an expired certificate can be restored within this many months of its expiry. */
  certificationRestoreMonths: number;
  /** Management review: it opens (invitation, inputs requested) this many working days before the meeting, */
  reviewOpensWorkingDaysBefore: number;
  /** the inputs are due this many working days before it, */
  reviewInputsDueWorkingDaysBefore: number;
  /** and the meeting starts at this local time (AIMS zone) and lasts this long. */
  reviewMeetingTime: string;
  reviewMeetingMinutes: number;
  /** AI systems (6.1.2, 6.1.4, 8.2–8.4): the risk matrix (likelihood × consequence → level), */
  aiRiskMatrix: RiskMatrix;
  /** the highest level accepted without showing to management (risks above it are flagged), */
  aiRiskAppetite: RiskLevel;
  /** months between planned assessments (a system may override it), counted from the last completion, */
  aiReassessmentMonths: number;
  /** a planned assessment opens (its tasks are created) this many working days before it is due, */
  aiAssessmentLeadWorkingDays: number;
  /** a significant change's reassessment is due this many working days after it is recorded, */
  aiChangeAssessmentWorkingDays: number;
  /** an approval is due this many working days after the assessment is submitted, */
  aiApprovalWorkingDays: number;
  /** and the risk owner who approves must not be the person who assessed. */
  aiApproverDiffersFromAssessor: boolean;
  /** Documented information (7.5): months between reviews (a document may override it), counted from each approval, */
  documentReviewMonths: number;
  /** the owner's review task opens this many working days before the review is due, */
  documentReviewLeadWorkingDays: number;
  /** each approver's task is due this many working days after a version is submitted, */
  documentApprovalWorkingDays: number;
  /** a rejected version's revision this many after the rejection, */
  documentRevisionWorkingDays: number;
  /** and an acknowledgement (7.3) this many after the version's approval. */
  documentAcknowledgementWorkingDays: number;
  /** Suppliers (A.10.3): months between reviews by criticality, counted from each review, */
  supplierReviewMonthsCritical: number;
  supplierReviewMonthsHigh: number;
  supplierReviewMonthsMedium: number;
  supplierReviewMonthsLow: number;
  /** and the owner's review task opens this many working days before it is due. */
  supplierReviewLeadWorkingDays: number;
  /** Working days from the event, by severity. */
  caseDeadlines: {
    containment: SeverityDays;
    rootCause: SeverityDays;
    planApproval: SeverityDays;
    implementationMax: SeverityDays;
    effectiveness: SeverityDays;
  };
}

export interface SeverityDays {
  major: number;
  minor: number;
}

export type CaseDeadline = keyof Policy['caseDeadlines'];

export const DEFAULT_POLICY: Policy = {
  reminderWorkingDaysBefore: [5, 1],
  sendAt: '09:00',
  escalateToManagerAfterWorkingDays: 3,
  escalateToManagementAfterWorkingDays: 10,
  chaseEveryDays: 7,
  maxExtensionsPerStep: 2,
  auditPlanningLeadWorkingDays: 20,
  auditNoticeWorkingDays: 10,
  auditFieldworkWorkingDays: 5,
  auditReportWorkingDays: 5,
  reviewOpensWorkingDaysBefore: 20,
  reviewInputsDueWorkingDaysBefore: 5,
  reviewMeetingTime: '10:00',
  reviewMeetingMinutes: 120,
  certificationReminderDaysBefore: [180, 90, 30],
  externalMajorCloseDays: 90,
  certificationRestoreMonths: 6,
  aiRiskMatrix: DEFAULT_RISK_MATRIX,
  aiRiskAppetite: 'medium',
  aiReassessmentMonths: 12,
  aiAssessmentLeadWorkingDays: 20,
  aiChangeAssessmentWorkingDays: 20,
  aiApprovalWorkingDays: 5,
  aiApproverDiffersFromAssessor: true,
  documentReviewMonths: 12,
  documentReviewLeadWorkingDays: 20,
  documentApprovalWorkingDays: 5,
  documentRevisionWorkingDays: 10,
  documentAcknowledgementWorkingDays: 10,
  supplierReviewMonthsCritical: 3,
  supplierReviewMonthsHigh: 6,
  supplierReviewMonthsMedium: 12,
  supplierReviewMonthsLow: 24,
  supplierReviewLeadWorkingDays: 20,
  caseDeadlines: {
    containment: { major: 5, minor: 10 },
    rootCause: { major: 20, minor: 30 },
    planApproval: { major: 5, minor: 5 },
    implementationMax: { major: 60, minor: 90 },
    effectiveness: { major: 30, minor: 60 },
  },
};

export type PolicyOverrides = Partial<Omit<Policy, 'caseDeadlines'>> & {
  caseDeadlines?: Partial<Record<CaseDeadline, Partial<SeverityDays>>>;
};

export function effectivePolicy(overrides: PolicyOverrides | null | undefined): Policy {
  const o = overrides ?? {};
  const deadlines = { ...DEFAULT_POLICY.caseDeadlines };
  for (const key of Object.keys(deadlines) as CaseDeadline[]) {
    deadlines[key] = { ...deadlines[key], ...(o.caseDeadlines?.[key] ?? {}) };
  }
  return { ...DEFAULT_POLICY, ...o, caseDeadlines: deadlines };
}
