import type { Role } from './roles';
import type { TaskState } from './task';

/**
 * A policy or procedure of an AIMS (documented information, 7.5; the AI policy, A.2.2–A.2.4)
 * and its durable review cycle: versions approved by every approver, a review planned from each
 * approval at the document's interval, and acknowledgement of new versions by their audience
 * (awareness, 7.3). Pure data: the `documentWorkflow` holds it and saves it whole.
 */

export const DOCUMENT_KINDS = ['policy', 'procedure', 'standard', 'record', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** draft: no version approved yet; due_for_review: its planned review has opened. */
export const DOCUMENT_STATUSES = ['draft', 'in_review', 'approved', 'due_for_review', 'retired'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export interface DocumentFacts {
  title: string;
  kind: DocumentKind;
  /** Keeps it current: submits versions, gets the review task and a rejection's reason. */
  ownerId: string;
  /** Every one of them approves each version (7.5.2 c). */
  approverIds: string[];
  /** The clauses and Annex A controls it addresses (its place in the readiness picture). */
  addresses: string[];
  /** Months between reviews for this document; null: the AIMS's policy. */
  reviewMonths: number | null;
}

/** Who is asked to confirm they read a version: by role, by department, or by name. */
export interface Audience {
  roles: Role[];
  departments: string[];
  personIds: string[];
}

export type VersionStatus = 'in_review' | 'approved' | 'rejected' | 'superseded';

export interface DocumentVersion {
  id: string;
  number: number;
  /** Where the version lives: a link (intranet, document store), or null when it is a stored file. */
  link: string | null;
  /**
   * The version as a stored file (`evidence_files` of this document: its name, type, size and
   * sha256 are kept there and never change); absent or null when it is a link.
   */
  fileId?: string | null;
  changeSummary: string;
  toBeAcknowledged: boolean;
  audience: Audience;
  submittedBy: string;
  submittedAt: string;
  status: VersionStatus;
  approvals: { personId: string; at: string }[];
  rejection: { personId: string; at: string; reason: string } | null;
  approvedAt: string | null;
  approvedOn: string | null;
  /** The audience resolved to people when the version was approved: one acknowledgement task each. */
  audienceIds: string[];
  acknowledgements: { personId: string; at: string }[];
}

export interface DocumentState {
  id: string;
  aimsId: string;
  workflowId: string;
  status: DocumentStatus;
  facts: DocumentFacts;
  registeredAt: string;
  retiredAt: string | null;
  /** Newest first. */
  versions: DocumentVersion[];
  /** The next planned review not yet opened: its due date and the instant the owner's task is created. */
  nextReview: { dueDate: string; opensAt: string } | null;
  /** The open review's due date, from its opening to the approval of a new version. */
  reviewDue: string | null;
  version: number;
  tasks: Record<string, TaskState>;
}

export const documentWorkflowId = (documentId: string) => `document-${documentId}`;

/** Task steps: the owner's review, an approver's approval of a version, the owner's revision after a rejection, a reader's acknowledgement. */
export const REVIEW_STEP = 'review';
export const approveVersionStep = (versionId: string) => `approve:${versionId}`;
export const reviseStep = (versionId: string) => `revise:${versionId}`;
export const acknowledgeStep = (versionId: string) => `acknowledge:${versionId}`;

/** The version in force: the newest approved one. */
export function approvedVersion(state: Pick<DocumentState, 'versions'>): DocumentVersion | undefined {
  return state.versions.find((v) => v.status === 'approved');
}

/** The version waiting for its approvers, if one is. */
export function versionInReview(state: Pick<DocumentState, 'versions'>): DocumentVersion | undefined {
  return state.versions.find((v) => v.status === 'in_review');
}
