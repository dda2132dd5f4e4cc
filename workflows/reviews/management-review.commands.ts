import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { ReviewState } from '../../domain/review';
import type { TaskState } from '../../domain/task';
import { nowIso } from '../lib/now';
import { registerTaskCommands } from '../tasks/task-commands';
import type { TaskItemWorkflow } from '../tasks/task-item-workflow';
import * as rules from './management-review.rules';
import * as def from './review.definitions';

type ReviewWorkflow = TaskItemWorkflow<ReviewState>;

/** The review's commands: inputs, the meeting with its decisions, the chair's approval, decision actions. */
export function registerReviewCommands(r: ReviewWorkflow): void {
  const { state, command } = r;
  command(
    def.submitReviewInputUpdate,
    (actor, a) => rules.checkInput(state, actor, a.inputId),
    (actor, a, task) => submitInput(r, actor, a, task),
  );
  command(
    def.recordMeetingUpdate,
    (actor, m) => rules.checkMeeting(state, actor, m.decisions, Date.now()),
    (actor, m) => recordMeeting(r, actor, m),
  );
  command(
    def.approveMinutesUpdate,
    (actor) => rules.checkApproval(state, actor),
    (actor) => approveMinutes(r, actor),
  );
  command(
    def.completeDecisionActionUpdate,
    (actor, a) => rules.checkDecisionAction(state, actor, a.taskId),
    (actor, a, task) => completeDecisionAction(r, actor, a.evidence, task),
  );
  registerTaskCommands(command, r.book, r.save);
}

async function submitInput(
  { state, book, change, save }: ReviewWorkflow,
  actor: Actor,
  a: { inputId: keyof ReviewState['inputs']; text: string },
  task: TaskState,
) {
  state.inputs[a.inputId] = { ...state.inputs[a.inputId], text: a.text, submittedAt: nowIso() };
  book.finish(task, 'done', actor);
  change(actor, 'input_submitted', null, { inputId: a.inputId, text: a.text });
  await save();
}

type Meeting = { attendeeIds: string[]; minutes: string; decisions: def.DecisionEntry[] };

/** Minutes and decisions; each decision's action becomes a task, announced once saved. */
async function recordMeeting({ state, book, change, save }: ReviewWorkflow, actor: Actor, m: Meeting) {
  const opened = [];
  for (const d of m.decisions) {
    let actionTaskId: string | null = null;
    if (d.action) {
      const task = await book.create(
        {
          step: 'decision_action',
          title: d.action.title,
          owner: { id: d.action.ownerId },
          deadline: { kind: 'date', dueDate: d.action.dueDate },
          approval: 'management',
        },
        actor,
      );
      actionTaskId = task.id;
      opened.push(task);
    }
    state.decisions.push({ id: uuid4(), kind: d.kind, text: d.text, actionTaskId });
  }
  state.attendeeIds = m.attendeeIds;
  state.minutes = m.minutes;
  change(
    actor,
    'meeting_recorded',
    { status: state.status },
    { status: 'minutes_recorded', attendeeIds: m.attendeeIds, minutes: m.minutes, decisions: m.decisions },
  );
  state.status = 'minutes_recorded';
  await save();
  for (const task of opened) await book.announce(task);
}

async function approveMinutes({ state, change, save }: ReviewWorkflow, actor: Actor) {
  state.approvedAt = nowIso();
  change(actor, 'closed', { status: state.status }, { status: 'closed' });
  state.status = 'closed';
  await save();
}

async function completeDecisionAction({ book, change, save }: ReviewWorkflow, actor: Actor, evidence: string, task: TaskState) {
  book.finish(task, 'done', actor);
  change(actor, 'action_completed', null, { taskId: task.id, evidence });
  await save();
}
