import type { RiskLevel } from './ai-risk';
import type { TaskState } from './task';

/**
 * An AI system in an AIMS's scope (4.3; Annex A.4–A.6) and its durable cycle of AI risk
 * assessments (6.1.2, 8.2) and AI system impact assessments (6.1.4, 8.4). Pure data: the
 * `aiSystemWorkflow` holds it and saves it whole.
 */

/** The organisation's role for the system (Annex B / ISO/IEC 22989 AI roles). */
export const AI_ROLES = ['developer', 'provider', 'user'] as const;
export const AI_LIFECYCLE_STAGES = [
  'inception',
  'design_and_development',
  'verification_and_validation',
  'deployment',
  'operation_and_monitoring',
  're_evaluation',
] as const;
export const AI_DEPLOYMENT_STATUSES = ['planned', 'pilot', 'live', 'suspended'] as const;
/** A risk-based classification in the style of the EU AI Act's tiers. */
export const AI_RISK_CLASSIFICATIONS = ['minimal', 'limited', 'high', 'unacceptable'] as const;
/** What counts as a significant change (8.2, 8.4: "when significant changes are proposed or occur"). */
export const AI_CHANGE_KINDS = ['model_version', 'data_source', 'new_use', 'incident', 'other'] as const;
export const AI_TREATMENTS = ['accept', 'treat', 'avoid', 'transfer'] as const;
/** Impact dimensions (6.1.4; ISO/IEC 42005). */
export const AI_IMPACT_DIMENSIONS = [
  'fairness',
  'transparency',
  'safety',
  'privacy',
  'accessibility',
  'human_oversight',
  'security',
  'environment',
  'other',
] as const;
export const AI_IMPACT_SUBJECTS = ['individuals', 'groups', 'society'] as const;
export const AI_ASSESSMENT_KINDS = ['risk', 'impact'] as const;

export type AiRole = (typeof AI_ROLES)[number];
export type AiLifecycleStage = (typeof AI_LIFECYCLE_STAGES)[number];
export type AiDeploymentStatus = (typeof AI_DEPLOYMENT_STATUSES)[number];
export type AiRiskClassification = (typeof AI_RISK_CLASSIFICATIONS)[number];
export type AiChangeKind = (typeof AI_CHANGE_KINDS)[number];
export type AiTreatment = (typeof AI_TREATMENTS)[number];
export type AiImpactDimension = (typeof AI_IMPACT_DIMENSIONS)[number];
export type AiImpactSubject = (typeof AI_IMPACT_SUBJECTS)[number];
export type AiAssessmentKind = (typeof AI_ASSESSMENT_KINDS)[number];

/** The register's facts about a system: what `update` may change. */
export interface AiSystemFacts {
  name: string;
  purpose: string;
  role: AiRole;
  /** Accountable for the system; performs its assessments (their tasks are theirs). */
  ownerId: string;
  /** Approves the assessments (where policy says so, not the person who assessed). */
  riskOwnerId: string;
  lifecycleStage: AiLifecycleStage;
  deploymentStatus: AiDeploymentStatus;
  intendedUsers: string;
  affectedPeople: string;
  dataUsed: string[];
  thirdPartyComponents: string[];
  suppliers: string[];
  riskClassification: AiRiskClassification;
  /** Months between planned assessments for this system; null: the AIMS's policy. */
  reassessmentMonths: number | null;
}

export interface SignificantChange {
  id: string;
  kind: AiChangeKind;
  description: string;
  recordedBy: string;
  recordedAt: string;
}

/** A risk as submitted: likelihood and consequence on 1–5, its level from the AIMS's matrix. */
export interface AiRiskInput {
  source: string;
  description: string;
  likelihood: number;
  consequence: number;
  /** Annex A control ids already in place against it. */
  controls: string[];
  treatment: AiTreatment;
  /** For a treated risk: the actions, each tracked as a task of its owner. */
  actions: { title: string; ownerId: string; dueDate: string }[];
  residualLikelihood: number;
  residualConsequence: number;
}

export interface AiRisk extends Omit<AiRiskInput, 'actions'> {
  level: RiskLevel;
  residualLevel: RiskLevel;
  actions: { title: string; ownerId: string; dueDate: string; taskId: string }[];
}

export interface AiImpactInput {
  dimension: AiImpactDimension;
  subjects: AiImpactSubject[];
  description: string;
  severity: number;
  likelihood: number;
  mitigations: string;
}

export interface AiImpact extends AiImpactInput {
  level: RiskLevel;
}

interface Submission {
  submittedBy: string;
  submittedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface RiskAssessmentRecord extends Submission {
  risks: AiRisk[];
}

export interface ImpactAssessmentRecord extends Submission {
  impacts: AiImpact[];
}

/** One assessment of a system: planned at its interval, or opened by a significant change. */
export interface AssessmentCycle {
  id: string;
  reason: 'initial' | 'planned' | 'significant_change';
  /** The change that opened it, if one did. */
  changeId: string | null;
  dueDate: string;
  openedAt: string;
  completedAt: string | null;
  completedOn: string | null;
  risk: RiskAssessmentRecord | null;
  impact: ImpactAssessmentRecord | null;
}

export type AiSystemStatus = 'active' | 'retired';

export interface AiSystemState {
  id: string;
  aimsId: string;
  workflowId: string;
  status: AiSystemStatus;
  facts: AiSystemFacts;
  registeredAt: string;
  retiredAt: string | null;
  /** The next planned assessment not yet opened: its due date and the instant its tasks are created. */
  nextPlanned: { dueDate: string; opensAt: string } | null;
  current: AssessmentCycle | null;
  /** Completed assessments, newest first (documented information, 7.5). */
  completed: AssessmentCycle[];
  changes: SignificantChange[];
  version: number;
  tasks: Record<string, TaskState>;
}

export const aiSystemWorkflowId = (systemId: string) => `ai-system-${systemId}`;

/** Task steps of an assessment cycle: `assess:risk`, `approve:impact`, `treat:<cycle>:<risk>:<action>`. */
export const assessStep = (kind: AiAssessmentKind) => `assess:${kind}`;
export const approveStep = (kind: AiAssessmentKind) => `approve:${kind}`;
