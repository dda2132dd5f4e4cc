import type { TaskState } from './task';

/**
 * An AI-related supplier of an AIMS (Annex A.10.2, A.10.3) and its durable review cycle: a
 * review task for its owner at an interval set by its criticality, each review's record, and a
 * nonconformity raised from a failed one. Pure data: the `supplierWorkflow` holds it.
 */

export const SUPPLIER_KINDS = ['model_provider', 'data_supplier', 'tooling', 'hosting', 'other'] as const;
export type SupplierKind = (typeof SUPPLIER_KINDS)[number];
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];
export const SUPPLIER_REVIEW_OUTCOMES = ['pass', 'conditional', 'fail'] as const;
export type SupplierReviewOutcome = (typeof SUPPLIER_REVIEW_OUTCOMES)[number];

export interface SupplierFacts {
  name: string;
  kind: SupplierKind;
  criticality: Criticality;
  /** Reviews the supplier: the review tasks are theirs. */
  ownerId: string;
  /** What the supplier provides. */
  description: string;
  /** The AI systems of the same AIMS that depend on the supplier. */
  aiSystemIds: string[];
}

export interface SupplierReview {
  id: string;
  /** The planned review it completed; null for one made between planned reviews. */
  dueDate: string | null;
  completedAt: string;
  completedOn: string;
  reviewedBy: string;
  outcome: SupplierReviewOutcome;
  findings: string;
  /** The nonconformity a failed review raised. */
  caseId: string | null;
}

export interface SupplierState {
  id: string;
  aimsId: string;
  workflowId: string;
  status: 'active' | 'retired';
  facts: SupplierFacts;
  registeredAt: string;
  retiredAt: string | null;
  /** The next planned review not yet opened: its due date and the instant the owner's task is created. */
  nextReview: { dueDate: string; opensAt: string } | null;
  /** The open review's due date. */
  reviewDue: string | null;
  /** Completed reviews, newest first. */
  reviews: SupplierReview[];
  version: number;
  tasks: Record<string, TaskState>;
}

export const supplierWorkflowId = (supplierId: string) => `supplier-${supplierId}`;
export const SUPPLIER_REVIEW_STEP = 'review';

/** The policy number that sets a criticality's interval (`domain/policy.ts`). */
export const REVIEW_MONTHS_POLICY = {
  critical: 'supplierReviewMonthsCritical',
  high: 'supplierReviewMonthsHigh',
  medium: 'supplierReviewMonthsMedium',
  low: 'supplierReviewMonthsLow',
} as const satisfies Record<Criticality, string>;
