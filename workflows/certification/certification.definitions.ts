import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { CertificationState, ExternalAuditKind, ExternalFinding, StageOutcome } from '../../domain/certification';

// The certification workflow's contract, imported by the API.

export type CertificationInput =
  | { kind: 'new'; aimsId: string; certificationBody: string | null; actor: Actor; indexed?: boolean }
  | { kind: 'continued'; state: CertificationState; seq: number };

export interface ExternalAuditEntry {
  kind: ExternalAuditKind;
  date: string;
  outcome: StageOutcome;
  findings: ExternalFinding[];
}

export const certificationRecordedUpdate = defineUpdate<void>('certificationRecorded');
export const recordCertificationBodyUpdate = defineUpdate<void, [Actor, { name: string }]>('recordCertificationBody');
export const recordStage1Update = defineUpdate<void, [Actor, { date: string; outcome: StageOutcome }]>('recordStage1');
export const recordStage2Update = defineUpdate<void, [Actor, { date: string; outcome: StageOutcome }]>('recordStage2');
export const recordDecisionUpdate = defineUpdate<void, [Actor, { date: string }]>('recordDecision');
export const recordExternalAuditUpdate = defineUpdate<{ auditId: string; caseIds: string[] }, [Actor, ExternalAuditEntry]>('recordExternalAudit');
export const restoreCertificationUpdate = defineUpdate<void, [Actor, { date: string; reason: string }]>('restoreCertification');
export const completeCertificationTaskUpdate = defineUpdate<void, [Actor, { taskId: string }]>('completeCertificationTask');
export const certificationStateQuery = defineQuery<CertificationState>('certificationState');
