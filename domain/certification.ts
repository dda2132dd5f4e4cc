import type { TaskState } from './task';

// The certification lifecycle of one AIMS (ISO/IEC 17021-1 cycles): pure types shared by the
// workflow, its activities and the API.

export const CERTIFICATION_STATUSES = ['initial', 'certified', 'expired', 'lapsed'] as const;
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];

export const EXTERNAL_AUDIT_KINDS = ['surveillance-1', 'surveillance-2', 'recertification'] as const;
export type ExternalAuditKind = (typeof EXTERNAL_AUDIT_KINDS)[number];

export const STAGE_OUTCOMES = ['passed', 'failed'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

export interface StageRecord {
  date: string;
  outcome: StageOutcome;
  recordedBy: string;
}

export interface ExternalFinding {
  item: string;
  severity: 'major' | 'minor';
  ownerId: string;
  description: string;
}

export interface ExternalAuditRecord {
  id: string;
  kind: ExternalAuditKind;
  date: string;
  outcome: StageOutcome;
  findings: (ExternalFinding & { caseId: string; closeBy: string | null })[];
  recordedBy: string;
  recordedAt: string;
}

/** A task planned ahead of an external audit: created at `startAt`, due on `dueDate`. */
export interface PlannedCertificationTask {
  key: string;
  title: string;
  startAt: string;
  dueDate: string;
}

export interface PlannedExternalAudit {
  kind: ExternalAuditKind;
  /** The latest date the audit may take place (calendar date in the AIMS zone). */
  dueDate: string;
  tasks: PlannedCertificationTask[];
}

/** One three-year cycle, every date and instant computed by the `planCertification` activity. */
export interface CertificationPlan {
  /** The decision date (first cycle) or the previous expiry (later cycles). */
  cycleStart: string;
  expiry: string;
  /** 00:00 on the expiry date in the AIMS zone: from then on the certificate is expired. */
  expiresAt: string;
  restoreUntil: string;
  /** 00:00 on the day after `restoreUntil`: lapsed from then on. */
  lapsesAt: string;
  audits: PlannedExternalAudit[];
}

export interface CertificationState {
  aimsId: string;
  workflowId: string;
  status: CertificationStatus;
  /** 0 until the first decision; then 1, 2, ... one per three-year cycle. */
  cycle: number;
  certificationBody: string | null;
  stage1: StageRecord | null;
  stage2: StageRecord | null;
  /** The decision that started the current certification (initial or after a lapse). */
  decisionDate: string | null;
  plan: CertificationPlan | null;
  /** External audits of the current cycle. */
  externalAudits: ExternalAuditRecord[];
  /** Keys of the planned tasks created in this cycle. */
  createdTasks: string[];
  nextDue: { item: string; date: string } | null;
  /** Whether the workflow keeps its status and next due date as search attributes. */
  indexed?: boolean;
  version: number;
  tasks: Record<string, TaskState>;
}

export const certificationWorkflowId = (aimsId: string): string => `certification-${aimsId}`;

/** The next item due, from the state alone (no calendar arithmetic). */
export function nextDueOf(state: Pick<CertificationState, 'status' | 'plan' | 'externalAudits' | 'stage1' | 'stage2'>): { item: string; date: string } | null {
  if (!state.plan) return null;
  if (state.status === 'expired') return { item: 'restoration', date: state.plan.restoreUntil };
  if (state.status !== 'certified') return null;
  const passed = new Set(state.externalAudits.filter((a) => a.outcome === 'passed').map((a) => a.kind));
  const next = state.plan.audits.find((a) => !passed.has(a.kind));
  return next ? { item: next.kind, date: next.dueDate } : { item: 'expiry', date: state.plan.expiry };
}
