import type { Actor } from '../../domain/actor';
import type { CaseState, CaseStatus } from '../../domain/nc-case';
import type { TaskState } from '../../domain/task';
import { conflict, forbidden, invalid } from '../lib/failures';
import { assertOwnerOrProgrammeManager } from '../tasks/task-rules';
import type { RootCauseSubmission } from './nc-case.definitions';

// Pure checks of the case workflow's commands: each names the reason a command is refused.

export function assertStatus(state: CaseState, ...allowed: CaseStatus[]): void {
  if (!allowed.includes(state.status)) {
    throw conflict(`the case is at ${state.status.replace('_', ' ')}; this needs it at ${allowed.map((s) => s.replace('_', ' ')).join(' or ')}`);
  }
}

export function currentTask(state: CaseState, step: string): TaskState {
  const task = Object.values(state.tasks).find((t) => t.step === step && t.status === 'open');
  if (!task) throw conflict(`no open ${step.replace('_', ' ')} task on this case`);
  return task;
}

export function assertProgrammeManager(actor: Actor, what: string): void {
  if (!actor.roles.includes('programme_manager')) throw forbidden(`only a programme manager may ${what}`);
}

export function checkContainment(state: CaseState, actor: Actor): TaskState {
  assertStatus(state, 'containment');
  const task = currentTask(state, 'containment');
  assertOwnerOrProgrammeManager(task, actor);
  return task;
}

export function checkRootCause(state: CaseState, actor: Actor, submission: RootCauseSubmission): TaskState {
  assertStatus(state, 'root_cause');
  const task = currentTask(state, 'root_cause');
  assertOwnerOrProgrammeManager(task, actor);
  if (submission.actions.length === 0) throw invalid('an action plan needs at least one action');
  return task;
}

export function checkPlanDecision(state: CaseState, actor: Actor, approve: boolean, verifierId: string | null): TaskState {
  assertStatus(state, 'plan_approval');
  assertProgrammeManager(actor, 'approve an action plan');
  const task = currentTask(state, 'plan_approval');
  if (approve) {
    if (!verifierId) throw invalid('name the verifier who will review effectiveness');
    assertIndependentVerifier(state, verifierId);
  }
  return task;
}

/** SPEC 10.2: effectiveness is reviewed by someone who is not the owner of the case or of its actions. */
export function assertIndependentVerifier(state: CaseState, verifierId: string): void {
  if (verifierId === state.ownerId) throw invalid('the verifier must not be the owner of the case');
  const plan = state.rootCauses.at(-1)?.proposedActions ?? [];
  if (plan.some((a) => a.ownerId === verifierId)) throw invalid('the verifier must not own one of the actions');
}

export function checkActionCompletion(state: CaseState, actor: Actor, actionId: string): TaskState {
  assertStatus(state, 'implementation');
  const action = state.actions.find((a) => a.id === actionId && a.iteration === state.iteration);
  if (!action) throw invalid(`no action ${actionId} in the current plan`);
  const task = state.tasks[action.taskId]!;
  if (task.status !== 'open') throw conflict(`the action "${action.title}" is ${task.status} already`);
  assertOwnerOrProgrammeManager(task, actor);
  return task;
}

export function checkEffectiveness(state: CaseState, actor: Actor): TaskState {
  assertStatus(state, 'effectiveness');
  const task = currentTask(state, 'effectiveness');
  if (actor.id === state.ownerId) throw forbidden('the verifier must not be the owner of the case');
  assertOwnerOrProgrammeManager(task, actor);
  return task;
}

export function checkCancel(state: CaseState, actor: Actor): void {
  assertProgrammeManager(actor, 'cancel a case');
  assertStatus(state, 'containment', 'root_cause', 'plan_approval', 'implementation', 'effectiveness');
}

export function checkReopen(state: CaseState, actor: Actor): void {
  assertProgrammeManager(actor, 'reopen a case');
  assertStatus(state, 'closed', 'cancelled');
}

export function checkReassignForCase(state: CaseState, task: TaskState, ownerId: string): void {
  if (task.step === 'effectiveness' && ownerId === state.ownerId) throw invalid('the verifier must not be the owner of the case');
}
