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

/**
 * `full` is false only in a handler replaying a history from before independence was checked on
 * every path (the workflow decides with `patched()`): there the older, narrower check is kept, so
 * a command accepted then is accepted again. Validators never replay and always check in full.
 */
export type Independence = { full: boolean };
const FULL: Independence = { full: true };

export function checkPlanDecision(state: CaseState, actor: Actor, approve: boolean, verifierId: string | null, independence = FULL): TaskState {
  assertStatus(state, 'plan_approval');
  assertProgrammeManager(actor, 'approve an action plan');
  const task = currentTask(state, 'plan_approval');
  if (approve) {
    if (!verifierId) throw invalid('name the verifier who will review effectiveness');
    if (independence.full) assertIndependentVerifier(state, verifierId);
    else legacyAssertIndependentVerifier(state, verifierId);
  }
  return task;
}

/**
 * SPEC 10.2: effectiveness is reviewed by someone who is not the owner of the case or of any of
 * its actions: the plan being approved, and every action task of the case as it is owned now
 * (a reassigned action counts under its new owner).
 */
export function independenceProblem(state: CaseState, personId: string): string | undefined {
  if (personId === state.ownerId) return 'the verifier must not be the owner of the case';
  if (actionOwnerIds(state).has(personId)) return 'the verifier must not own one of the actions';
  return undefined;
}

/** Owners of the case's actions: those proposed in the latest plan and those of every action task. */
export function actionOwnerIds(state: CaseState): Set<string> {
  const owners = new Set((state.rootCauses.at(-1)?.proposedActions ?? []).map((a) => a.ownerId));
  for (const action of state.actions) {
    const task = state.tasks[action.taskId];
    if (task) owners.add(task.ownerId);
  }
  return owners;
}

export function assertIndependentVerifier(state: CaseState, verifierId: string): void {
  const problem = independenceProblem(state, verifierId);
  if (problem) throw invalid(problem);
}

/** The plan-approval check as it was: the case owner and the owners the latest plan proposes. */
function legacyAssertIndependentVerifier(state: CaseState, verifierId: string): void {
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

/**
 * Only the named verifier records effectiveness: a programme manager may not act for them (no
 * override), and the verifier must still be independent, whatever reassignments led here.
 */
export function checkEffectiveness(state: CaseState, actor: Actor, independence = FULL): TaskState {
  assertStatus(state, 'effectiveness');
  const task = currentTask(state, 'effectiveness');
  if (!independence.full) {
    if (actor.id === state.ownerId) throw forbidden('the verifier must not be the owner of the case');
    assertOwnerOrProgrammeManager(task, actor);
    return task;
  }
  const problem = independenceProblem(state, actor.id);
  if (problem) throw forbidden(problem);
  if (actor.id !== task.ownerId)
    throw forbidden('only the verifier named for this case may record effectiveness; reassign the effectiveness task to change the verifier');
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

/**
 * Reassignments keep the verifier independent: the effectiveness task never goes to the case
 * owner or an action owner, and no action goes to the named verifier. (The case owner cannot
 * change while a verifier is named: only the containment and root-cause steps carry ownership,
 * and a new plan's approval checks its verifier again.)
 */
export function checkReassignForCase(state: CaseState, task: TaskState, ownerId: string, independence = FULL): void {
  if (!independence.full) {
    if (task.step === 'effectiveness' && ownerId === state.ownerId) throw invalid('the verifier must not be the owner of the case');
    return;
  }
  if (task.step === 'effectiveness') {
    const problem = independenceProblem(state, ownerId);
    if (problem) throw invalid(problem);
    return;
  }
  if (task.step === 'action' && ownerId === state.verifierId) throw invalid('the verifier of the case must not own one of its actions');
}
