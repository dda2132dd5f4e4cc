import type { TaskState } from './task';

/** SPEC "Corrective actions (10.2)": where a nonconformity comes from and how bad it is. */
export const NC_SOURCES = ['internal_audit', 'external_audit', 'management_review', 'incident', 'complaint', 'monitoring', 'other'] as const;
export type NcSource = (typeof NC_SOURCES)[number];

export const SEVERITIES = ['major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CASE_STATUSES = ['containment', 'root_cause', 'plan_approval', 'implementation', 'effectiveness', 'closed', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ROOT_CAUSE_METHODS = ['five_whys', 'fishbone', 'fault_tree', 'pareto', 'other'] as const;

/** An action of the plan. Its owner, due date and status are its task's: one source of truth. */
export interface CaseAction {
  id: string;
  iteration: number;
  title: string;
  taskId: string;
  evidence: string | null;
  completedAt: string | null;
}

export interface RootCauseAnalysis {
  iteration: number;
  method: (typeof ROOT_CAUSE_METHODS)[number];
  causes: string[];
  similarExist: boolean;
  similarDetails: string;
  submittedBy: string;
  submittedAt: string;
  proposedActions: { title: string; ownerId: string; dueDate: string }[];
  decision?: { approved: boolean; comment: string; decidedBy: string; decidedAt: string };
}

export interface EffectivenessReview {
  iteration: number;
  effective: boolean;
  evidence: string;
  verifiedBy: string;
  verifiedAt: string;
}

export interface NewCase {
  id: string;
  aimsId: string;
  title: string;
  description: string;
  source: NcSource;
  severity: Severity;
  ownerId: string;
  raisedBy: string | null;
  clauseRef: string | null;
  auditId: string | null;
  /** Calendar date in the AIMS zone; the API derives it, as workflows do no calendar arithmetic. */
  raisedOn: string;
  /** Date by which the whole case must be closed (a major external finding: 90 days by default). */
  closeBy?: string | null;
  /**
   * Whether the workflow keeps the `CaseStatus` search attribute current: set by whoever starts
   * it, from TEMPORAL_SEARCH_ATTRIBUTES (the namespace must have the attribute; the time-skipping
   * test server keeps none). Absent on cases started before the attribute existed.
   */
  indexed?: boolean;
}

/** Everything the case workflow knows; written whole to the read model at each change. */
export interface CaseState extends NewCase {
  workflowId: string;
  /** Sequential number from the record (NC-12); null until the first save. */
  number: number | null;
  status: CaseStatus;
  iteration: number;
  verifierId: string | null;
  containment: { correction: string; submittedBy: string; submittedAt: string } | null;
  rootCauses: RootCauseAnalysis[];
  actions: CaseAction[];
  effectivenessReviews: EffectivenessReview[];
  cancelReason: string | null;
  closedAt: string | null;
  version: number;
  tasks: Record<string, TaskState>;
}

/** What the record keeps of a case beyond its columns: the `details` the API answers with. */
export type CaseDetails = Pick<CaseState, 'containment' | 'rootCauses' | 'effectivenessReviews' | 'cancelReason'>;

export const caseWorkflowId = (caseId: string): string => `nc-case-${caseId}`;
