import type { Actor } from '../../domain/actor';
import type { AiAssessmentKind, AiRiskInput, AiSystemState, AssessmentCycle } from '../../domain/ai-system';
import type { TaskState } from '../../domain/task';
import { conflict, forbidden, invalid } from '../lib/failures';
import { isProgrammeManager, registerEntryRules } from '../lib/register-entry-rules';
import { openTask } from '../tasks/task-rules';

// Pure rules of the AI system workflow: each check names the reason a command is refused.

/** Register facts and significant changes: the system's owner or a programme manager; retirement: a programme manager. */
export const { assertActive, checkOwnerOrManager, checkRetire } = registerEntryRules<AiSystemState>({
  entry: (state) => `the AI system ${state.facts.name}`,
  ownerOf: "the system's",
  retires: 'an AI system',
});

function openCycle(state: AiSystemState): AssessmentCycle {
  assertActive(state);
  if (!state.current) throw conflict('no assessment of this system is open (the next planned one opens later, or a significant change opens one)');
  return state.current;
}

/** The owner (who assesses) or a programme manager submits, once per cycle and kind. */
export function checkSubmit(state: AiSystemState, actor: Actor, kind: AiAssessmentKind): void {
  const cycle = openCycle(state);
  if (actor.id !== state.facts.ownerId && !isProgrammeManager(actor))
    throw forbidden(`only the system's owner or a programme manager submits its ${kind} assessment`);
  if (cycle[kind]) throw conflict(`the ${kind} assessment of this cycle was submitted already`);
}

/** Only a treated risk carries actions, and a treated one carries at least one. */
export function checkRisks(risks: AiRiskInput[]): void {
  risks.forEach((r, i) => {
    if (r.treatment === 'treat' && r.actions.length === 0) throw invalid(`risks.${i}: a treated risk needs at least one treatment action`);
    if (r.treatment !== 'treat' && r.actions.length > 0) throw invalid(`risks.${i}: only a treated risk has treatment actions (this one is ${r.treatment})`);
  });
}

/**
 * Approval, by the risk owner, after submission and once: approving before the assessment was
 * submitted is out of order. `approverMustDiffer` (policy) forbids approving one's own assessment.
 */
export function checkApprove(state: AiSystemState, actor: Actor, kind: AiAssessmentKind, approverMustDiffer: boolean | null): void {
  const cycle = openCycle(state);
  const submission = cycle[kind];
  if (!submission) throw conflict(`the ${kind} assessment has not been submitted yet: there is nothing to approve`);
  if (submission.approvedAt) throw conflict(`the ${kind} assessment was approved already`);
  if (actor.id !== state.facts.riskOwnerId) throw forbidden(`only the system's risk owner approves its ${kind} assessment`);
  if (approverMustDiffer && submission.submittedBy === actor.id) {
    throw forbidden(`the policy forbids approving one's own ${kind} assessment: the risk owner must not be the assessor`);
  }
}

/** A treatment action is done by its owner or a programme manager. */
export function checkTreatmentAction(state: AiSystemState, actor: Actor, taskId: string): TaskState {
  assertActive(state);
  const task = openTask(state.tasks, taskId);
  if (!task.step.startsWith('treat:')) throw conflict(`task ${taskId} is not a treatment action`);
  if (actor.id !== task.ownerId && !isProgrammeManager(actor)) throw forbidden('only the action owner or a programme manager completes a treatment action');
  return task;
}

/** A nonconformity is raised from an assessment (open or completed) by the owner, the risk owner or a programme manager. */
export function checkRaiseNonconformity(state: AiSystemState, actor: Actor): void {
  assertActive(state);
  if (actor.id !== state.facts.ownerId && actor.id !== state.facts.riskOwnerId && !isProgrammeManager(actor)) {
    throw forbidden("only the system's owner, its risk owner or a programme manager raises a nonconformity from its assessment");
  }
  if (!state.current && state.completed.length === 0) throw conflict('the system has no assessment yet to raise a nonconformity from');
}
