import type { Actor } from '../../domain/actor';
import type { ReviewInputId, ReviewState } from '../../domain/review';
import type { TaskState } from '../../domain/task';
import { conflict, forbidden, invalid } from '../lib/failures';
import { assertOwnerOrProgrammeManager, openTask } from '../tasks/task-rules';
import type { DecisionEntry } from './review.definitions';

// Pure checks of the management review's commands: each names the reason a command is refused.

const isChairOrManager = (state: ReviewState, actor: Actor) => actor.id === state.chairId || actor.roles.includes('programme_manager');

/** Returns the input's open task. */
export function checkInput(state: ReviewState, actor: Actor, inputId: ReviewInputId): TaskState {
  const slot = state.inputs[inputId];
  if (!slot) throw invalid(`no review input ${inputId}`);
  const task = openTask(state.tasks, slot.taskId);
  assertOwnerOrProgrammeManager(task, actor);
  return task;
}

/** `now`: the workflow's current instant (the meeting is recorded once it has started). */
export function checkMeeting(state: ReviewState, actor: Actor, decisions: DecisionEntry[], now: number): void {
  if (!isChairOrManager(state, actor)) throw forbidden('only the chair or a programme manager records the meeting');
  if (state.status === 'minutes_recorded' || state.status === 'closed')
    throw conflict(`the meeting is recorded already; the review is ${state.status.replace('_', ' ')}`);
  if (now < Date.parse(state.meetingAt)) throw conflict(`the meeting starts at ${state.meetingAt}`);
  if (decisions.some((d) => d.action && !d.action.ownerId)) throw invalid('a decision action needs an owner');
}

export function checkApproval(state: ReviewState, actor: Actor): void {
  if (actor.id !== state.chairId) throw forbidden('only the chair approves the minutes');
  if (state.status !== 'minutes_recorded') throw conflict(`there are no recorded minutes to approve; the review is ${state.status.replace('_', ' ')}`);
}

/** Returns the decision action's open task. */
export function checkDecisionAction(state: ReviewState, actor: Actor, taskId: string): TaskState {
  const task = openTask(state.tasks, taskId);
  if (task.step !== 'decision_action') throw invalid('that task is not a decision action');
  assertOwnerOrProgrammeManager(task, actor);
  return task;
}
