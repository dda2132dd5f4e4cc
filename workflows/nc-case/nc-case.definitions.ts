import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { CaseState, NewCase, RootCauseAnalysis } from '../../domain/nc-case';

// The case workflow's contract: the API imports these, the workflow implements them.

/**
 * `continued` with `reopening`: a new run the API starts for a closed case whose workflow ended
 * (`api/resume-case-workflow.ts`), to take the reopen command it sends next.
 */
export type CaseWorkflowInput = { kind: 'new'; draft: NewCase; actor: Actor } | { kind: 'continued'; state: CaseState; seq: number; reopening?: boolean };

/** What a case's workflow ends with: its state and, since 'case-ends-when-closed', the change log's number a new run goes on from. */
export type CaseWorkflowResult = CaseState & { seq?: number };

export interface ProposedAction {
  title: string;
  ownerId: string;
  dueDate: string;
}

export interface RootCauseSubmission {
  method: RootCauseAnalysis['method'];
  causes: string[];
  similarExist: boolean;
  similarDetails: string;
  actions: ProposedAction[];
}

/** Resolves once the case is in the record; returns its number. */
export const caseRecordedUpdate = defineUpdate<{ number: number }>('caseRecorded');
export const submitContainmentUpdate = defineUpdate<void, [Actor, { correction: string }]>('submitContainment');
export const submitRootCauseUpdate = defineUpdate<void, [Actor, RootCauseSubmission]>('submitRootCause');
export const decidePlanUpdate = defineUpdate<void, [Actor, { approve: boolean; verifierId: string | null; comment: string }]>('decidePlan');
export const completeActionUpdate = defineUpdate<void, [Actor, { actionId: string; evidence: string }]>('completeAction');
export const submitEffectivenessUpdate = defineUpdate<void, [Actor, { effective: boolean; evidence: string }]>('submitEffectiveness');
export const cancelCaseUpdate = defineUpdate<void, [Actor, { reason: string }]>('cancelCase');
export const reopenCaseUpdate = defineUpdate<void, [Actor, { reason: string }]>('reopenCase');

export const caseStateQuery = defineQuery<CaseState>('caseState');
