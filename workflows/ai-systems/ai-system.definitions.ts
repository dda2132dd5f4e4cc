import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { Severity } from '../../domain/nc-case';
import type { AiAssessmentKind, AiChangeKind, AiImpactInput, AiRiskInput, AiSystemFacts, AiSystemState } from '../../domain/ai-system';

// The AI system workflow's contract, imported by the API.

export type AiSystemInput =
  | {
      kind: 'new';
      system: { id: string; aimsId: string; facts: AiSystemFacts; firstAssessmentDue: string | null };
      actor: Actor;
    }
  | { kind: 'continued'; state: AiSystemState; seq: number };

export const aiSystemRecordedUpdate = defineUpdate<void>('aiSystemRecorded');
export const updateAiSystemUpdate = defineUpdate<void, [Actor, Partial<AiSystemFacts>]>('updateAiSystem');
export const recordSignificantChangeUpdate = defineUpdate<{ changeId: string; opened: boolean }, [Actor, { kind: AiChangeKind; description: string }]>(
  'recordSignificantChange',
);
export const retireAiSystemUpdate = defineUpdate<void, [Actor, { reason: string }]>('retireAiSystem');
export const submitRiskAssessmentUpdate = defineUpdate<void, [Actor, { risks: AiRiskInput[] }]>('submitRiskAssessment');
export const submitImpactAssessmentUpdate = defineUpdate<void, [Actor, { impacts: AiImpactInput[] }]>('submitImpactAssessment');
export const approveAssessmentUpdate = defineUpdate<void, [Actor, { kind: AiAssessmentKind }]>('approveAiAssessment');
export const completeTreatmentActionUpdate = defineUpdate<void, [Actor, { taskId: string }]>('completeTreatmentAction');
/** A nonconformity found through an assessment: opens a corrective-action case (10.2) linked to the system. */
export interface RaisedNonconformity {
  title: string;
  description: string;
  severity: Severity;
  ownerId: string;
  clauseRef: string | null;
}
export const raiseNonconformityUpdate = defineUpdate<{ caseId: string }, [Actor, RaisedNonconformity]>('raiseAiNonconformity');
export const aiSystemStateQuery = defineQuery<AiSystemState>('aiSystemState');
