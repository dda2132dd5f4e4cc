import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { caseWorkflowId, type NewCase } from '../../domain/nc-case';
import type { CaseWorkflowInput } from '../nc-case/nc-case.definitions';
import { outboundActivities } from './activities';

/**
 * Opens a corrective-action case for a finding (of an internal or external audit) as an
 * independent workflow, and returns its id. The id is drawn here, in workflow code, so a replay
 * or a retried start finds the same case rather than opening a second.
 */
export async function openCaseForFinding(actor: Actor, draft: Omit<NewCase, 'id'>): Promise<string> {
  const caseId = uuid4();
  const input: CaseWorkflowInput = { kind: 'new', actor, draft: { id: caseId, ...draft } };
  await outboundActivities.startWorkflow({ type: 'ncCaseWorkflow', workflowId: caseWorkflowId(caseId), args: [input] });
  return caseId;
}
