import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { CaseState } from '../../domain/nc-case';
import { AIMS_PROGRAMME_MANAGER, type TaskState } from '../../domain/task';
import type { TaskItemWorkflow } from '../tasks/task-item-workflow';
import { nowIso } from '../lib/now';
import type { NewTask, TaskEvent } from '../tasks/task-book';
import { registerTaskCommands } from '../tasks/task-commands';
import * as def from './nc-case.definitions';
import * as rules from './nc-case.rules';

/** The case workflow's kit, with the steps every command opens the same way. */
export interface CaseWorkflow extends TaskItemWorkflow<CaseState> {
  openStep(step: string, title: string, owner: NewTask['owner'], deadline: NewTask['deadline'], actor: Actor | null): Promise<TaskState>;
  rootCauseStep(actor: Actor | null): Promise<TaskState>;
  /** Which independence rule a check applies (`nc-case.rules.ts`), decided with `patched()` in a handler. */
  independence(inHandler: boolean): rules.Independence;
}

/**
 * The case's commands. Each handler gets the task its check (run again under the lock) found,
 * changes the state, saves, and only then announces the tasks it opened.
 */
export function registerCaseCommands(c: CaseWorkflow): void {
  const { state, command } = c;
  command(
    def.submitContainmentUpdate,
    (actor) => rules.checkContainment(state, actor),
    (actor, args, task) => submitContainment(c, actor, args, task),
  );
  command(
    def.submitRootCauseUpdate,
    (actor, s) => rules.checkRootCause(state, actor, s),
    (actor, s, task) => submitRootCause(c, actor, s, task),
  );
  command(
    def.decidePlanUpdate,
    (actor, d, inHandler) => rules.checkPlanDecision(state, actor, d.approve, d.verifierId, c.independence(inHandler)),
    (actor, d, task) => decidePlan(c, actor, d, task),
  );
  command(
    def.completeActionUpdate,
    (actor, a) => rules.checkActionCompletion(state, actor, a.actionId),
    (actor, a, task) => completeAction(c, actor, a, task),
  );
  command(
    def.submitEffectivenessUpdate,
    (actor, _r, inHandler) => rules.checkEffectiveness(state, actor, c.independence(inHandler)),
    (actor, r, task) => submitEffectiveness(c, actor, r, task),
  );
  command(
    def.cancelCaseUpdate,
    (actor) => rules.checkCancel(state, actor),
    (actor, { reason }) => cancel(c, actor, reason),
  );
  command(
    def.reopenCaseUpdate,
    (actor) => rules.checkReopen(state, actor),
    (actor, { reason }) => reopen(c, actor, reason),
  );

  registerTaskCommands(command, c.book, c.save, {
    check: (task, ownerId, inHandler) => rules.checkReassignForCase(state, task, ownerId, c.independence(inHandler)),
    apply: (task, ownerId, actor) => {
      if (task.step === 'containment' || task.step === 'root_cause') {
        c.change(actor, 'owner_changed', { ownerId: state.ownerId }, { ownerId });
        state.ownerId = ownerId;
      }
      if (task.step === 'effectiveness') state.verifierId = ownerId;
    },
  });
}

async function submitContainment(
  { state, book, change, rootCauseStep, save }: CaseWorkflow,
  actor: Actor,
  { correction }: { correction: string },
  task: TaskState,
) {
  state.containment = { correction, submittedBy: actor.id, submittedAt: nowIso() };
  book.finish(task, 'done', actor);
  change(actor, 'containment_submitted', { status: state.status }, { status: 'root_cause', correction });
  state.status = 'root_cause';
  const next = await rootCauseStep(actor);
  await save();
  await book.announce(next);
}

async function submitRootCause({ state, book, change, openStep, save }: CaseWorkflow, actor: Actor, s: def.RootCauseSubmission, task: TaskState) {
  state.rootCauses.push({
    iteration: state.iteration,
    method: s.method,
    causes: s.causes,
    similarExist: s.similarExist,
    similarDetails: s.similarDetails,
    submittedBy: actor.id,
    submittedAt: nowIso(),
    proposedActions: s.actions,
  });
  book.finish(task, 'done', actor);
  change(actor, 'root_cause_submitted', { status: state.status }, { status: 'plan_approval', ...s });
  state.status = 'plan_approval';
  const next = await openStep(
    'plan_approval',
    'Approve the action plan',
    { programmeManager: true },
    { kind: 'case', step: 'planApproval', severity: state.severity },
    actor,
  );
  await save();
  await book.announce(next);
}

type PlanDecision = { approve: boolean; verifierId: string | null; comment: string };

async function decidePlan({ state, book, change, openStep, rootCauseStep, save }: CaseWorkflow, actor: Actor, d: PlanDecision, task: TaskState) {
  const analysis = state.rootCauses.at(-1)!;
  analysis.decision = { approved: d.approve, comment: d.comment, decidedBy: actor.id, decidedAt: nowIso() };
  book.finish(task, 'done', actor, d.approve ? 'plan_approved' : 'plan_rejected');
  const opened: TaskState[] = [];
  if (d.approve) {
    state.verifierId = d.verifierId;
    change(actor, 'plan_approved', { status: state.status }, { status: 'implementation', verifierId: d.verifierId, comment: d.comment });
    state.status = 'implementation';
    for (const proposed of analysis.proposedActions) {
      const actionTask = await openStep('action', proposed.title, { id: proposed.ownerId }, { kind: 'date', dueDate: proposed.dueDate }, actor);
      state.actions.push({ id: uuid4(), iteration: state.iteration, title: proposed.title, taskId: actionTask.id, evidence: null, completedAt: null });
      opened.push(actionTask);
    }
  } else {
    change(actor, 'plan_rejected', { status: state.status }, { status: 'root_cause', comment: d.comment });
    state.status = 'root_cause';
    opened.push(await rootCauseStep(actor));
  }
  await save();
  for (const t of opened) await book.announce(t);
}

async function completeAction({ state, book, change, openStep, save }: CaseWorkflow, actor: Actor, a: { actionId: string; evidence: string }, task: TaskState) {
  const action = state.actions.find((x) => x.id === a.actionId)!;
  action.evidence = a.evidence;
  action.completedAt = nowIso();
  book.finish(task, 'done', actor);
  const current = state.actions.filter((x) => x.iteration === state.iteration);
  let next: TaskState | undefined;
  if (current.every((x) => state.tasks[x.taskId]!.status === 'done')) {
    change(actor, 'implementation_completed', { status: state.status }, { status: 'effectiveness' });
    state.status = 'effectiveness';
    next = await openStep(
      'effectiveness',
      'Review the effectiveness of the actions',
      { id: state.verifierId! },
      { kind: 'case', step: 'effectiveness', severity: state.severity },
      actor,
    );
  }
  await save();
  if (next) await book.announce(next);
}

async function submitEffectiveness(
  { state, book, change, log, rootCauseStep, save }: CaseWorkflow,
  actor: Actor,
  r: { effective: boolean; evidence: string },
  task: TaskState,
) {
  state.effectivenessReviews.push({ iteration: state.iteration, effective: r.effective, evidence: r.evidence, verifiedBy: actor.id, verifiedAt: nowIso() });
  book.finish(task, 'done', actor);
  if (r.effective) {
    change(actor, 'closed', { status: state.status }, { status: 'closed', evidence: r.evidence });
    for (const open of book.openTasks()) if (open.step === 'close_by') book.finish(open, 'done', actor);
    state.status = 'closed';
    state.closedAt = nowIso();
    // The AIMS's own programme manager, resolved by the activity: only the activity's input
    // changed (no new command), so recorded histories replay as they are. The change number is
    // the closure's (the save does not move it).
    const closure: TaskEvent = { kind: 'closure', recipientIds: [state.ownerId, AIMS_PROGRAMME_MANAGER], eventKey: `closed-${log.seq}` };
    const queued = book.queueWithSave(task, closure);
    await save();
    if (!queued) await book.sendEvent(task, closure);
  } else {
    change(
      actor,
      'found_ineffective',
      { status: state.status, iteration: state.iteration },
      { status: 'root_cause', iteration: state.iteration + 1, evidence: r.evidence },
    );
    state.iteration += 1;
    state.status = 'root_cause';
    const next = await rootCauseStep(actor);
    await save();
    await book.announce(next);
  }
}

async function cancel({ state, book, change, save }: CaseWorkflow, actor: Actor, reason: string) {
  for (const task of book.openTasks()) book.finish(task, 'cancelled', actor);
  change(actor, 'cancelled', { status: state.status }, { status: 'cancelled', reason });
  state.status = 'cancelled';
  state.cancelReason = reason;
  state.closedAt = nowIso();
  await save();
}

async function reopen({ state, book, change, rootCauseStep, save }: CaseWorkflow, actor: Actor, reason: string) {
  change(actor, 'reopened', { status: state.status, iteration: state.iteration }, { status: 'root_cause', iteration: state.iteration + 1, reason });
  state.iteration += 1;
  state.status = 'root_cause';
  state.closedAt = null;
  state.cancelReason = null;
  const next = await rootCauseStep(actor);
  await save();
  await book.announce(next);
}
