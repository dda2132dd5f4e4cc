import type { Cadence } from './cadence';
import type { TaskState } from './task';

export type { Cadence };
export { CADENCES } from './cadence';

/** A change to one planned occurrence: moved to another fieldwork date, or skipped. */
export interface OccurrenceOverride {
  movedTo?: string;
  skipped?: boolean;
  reason: string;
}

/** The audit programme of one AIMS, as its workflow holds it. */
export interface ProgrammeState {
  aimsId: string;
  workflowId: string;
  cadence: Cadence;
  /** Fieldwork date of occurrence 0; later ones follow at the cadence, clamped to month ends. */
  anchorDate: string;
  /** Bumped by a cadence change, so that audit workflow ids stay unique across re-anchoring. */
  generation: number;
  paused: boolean;
  nextIndex: number;
  overrides: Record<string, OccurrenceOverride>;
  version: number;
}

export interface PlannedOccurrence {
  index: number;
  fieldworkStart: string;
  /** ISO instant at which the audit's workflow starts: the planning lead before fieldwork. */
  startAt: string;
  skipped: boolean;
}

export const AUDIT_STATUSES = ['planning', 'fieldwork', 'reporting', 'reported', 'cancelled'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const AUDIT_RESULTS = ['conforming', 'minor_nc', 'major_nc', 'observation', 'opportunity'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export interface AuditFinding {
  result: AuditResult;
  evidence: string;
  /** Who owns the corrective action of a nonconformity finding. */
  ownerId: string | null;
  caseId: string | null;
  recordedBy: string;
  recordedAt: string;
}

export interface AuditState {
  id: string;
  aimsId: string;
  workflowId: string;
  number: number | null;
  occurrenceIndex: number;
  status: AuditStatus;
  scope: string[];
  fieldworkStart: string;
  fieldworkEnd: string;
  /** Instant fieldwork opens (00:00 in the AIMS zone): results are refused before it. */
  fieldworkOpensAt: string;
  leadAuditorId: string | null;
  auditeeIds: string[];
  results: Record<string, AuditFinding>;
  reportSummary: string | null;
  reportedAt: string | null;
  version: number;
  tasks: Record<string, TaskState>;
}

export const programmeWorkflowId = (aimsId: string): string => `audit-programme-${aimsId}`;
export const auditWorkflowId = (aimsId: string, generation: number, index: number): string => `audit-${aimsId}-g${generation}-${index}`;
export const isNonconformity = (result: AuditFinding['result']): boolean => result === 'minor_nc' || result === 'major_nc';
