import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { Activities } from '../../activities';
import type { WorkflowChange } from '../../activities/cases/save-case.activity';
import type { Actor } from '../../domain/actor';
import type { CaseState, NewCase } from '../../domain/nc-case';
import type { ApprovalLevel, TaskState } from '../../domain/task';
import { Mutex } from '../lib/mutex';
import { TaskBook, type NewTask, type TaskHost } from '../tasks/task-book';
import { assertCanDecideExtension, assertCanReassign, assertCanRequestExtension, openTask } from '../tasks/task-rules';
import * as taskDef from '../tasks/task.definitions';
import * as def from './nc-case.definitions';
import * as rules from './nc-case.rules';

const { saveCase } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** A closed or cancelled case waits this long for a reopen before its workflow ends. */
const REOPEN_WINDOW = '1096 days';

const nowIso = () => new Date(Date.now()).toISOString();
const isFinal = (state: CaseState) => state.status === 'closed' || state.status === 'cancelled';

/**
 * One nonconformity, from raising to closure (ISO/IEC 42001 10.2): containment, root-cause
 * analysis with an action plan, its approval, the actions, the effectiveness review, and back to
 * root cause when the actions did not work. Every human step is a task of the TaskBook, so it
 * is reminded, escalated and extended the same way as every other task in the product.
 */
export async function ncCaseWorkflow(input: def.CaseWorkflowInput): Promise<CaseState> {
  const state: CaseState = input.kind === 'new' ? newState(input.draft) : input.state;
  let seq = input.kind === 'continued' ? input.seq : 0;
  let pending: WorkflowChange[] = [];
  let recorded = input.kind === 'continued';
  const lock = new Mutex();
  const approval: ApprovalLevel = state.severity === 'major' ? 'management' : 'manager';

  const host: TaskHost = {
    aimsId: state.aimsId,
    workflowId: state.workflowId,
    itemType: 'nc_case',
    itemId: state.id,
    itemRef: () => (state.number === null ? 'NC' : `NC-${state.number}`),
    itemTitle: () => state.title,
    itemPath: () => `/cases/${state.id}`,
    recordChange: (c) =>
      pending.push({ seq: ++seq, at: nowIso(), actorId: c.actor?.id ?? null, actorLabel: c.actor?.name ?? 'engine', ...c }),
  };
  const book = new TaskBook(state.tasks, host);
  const caseChange = (actor: Actor | null, action: string, before: unknown, after: unknown) =>
    host.recordChange({ actor, entityType: 'nc_case', entityId: state.id, action, before, after });

  async function save(): Promise<void> {
    state.version += 1;
    const changes = pending;
    pending = [];
    const { number } = await saveCase({ state: JSON.parse(JSON.stringify(state)) as CaseState, changes });
    state.number = number;
  }

  async function openStep(step: string, title: string, owner: NewTask['owner'], deadline: NewTask['deadline'], actor: Actor | null) {
    return book.create({ step, title, owner, deadline, approval }, actor);
  }

  const rootCauseStep = (actor: Actor | null) =>
    openStep('root_cause', 'Root-cause analysis and action plan', { id: state.ownerId }, { kind: 'case', step: 'rootCause', severity: state.severity }, actor);

  /** Registers a command: validated at once (refused synchronously), then run alone under the lock. */
  function command<A>(
    update: UpdateDefinition<any, [Actor, A]>,
    validate: (actor: Actor, args: A) => void,
    run: (actor: Actor, args: A) => Promise<unknown>,
  ): void {
    setHandler(
      update,
      (actor: Actor, args: A) =>
        lock.runExclusive(async () => {
          await condition(() => recorded);
          validate(actor, args);
          return run(actor, args);
        }),
      { validator: (actor: Actor, args: A) => validate(actor, args) },
    );
  }

  setHandler(def.caseStateQuery, () => state);
  setHandler(def.caseRecordedUpdate, async () => {
    await condition(() => recorded);
    return { number: state.number! };
  });

  command<{ correction: string }>(def.submitContainmentUpdate, (actor) => void rules.checkContainment(state, actor), async (actor, { correction }) => {
    const task = rules.checkContainment(state, actor);
    state.containment = { correction, submittedBy: actor.id, submittedAt: nowIso() };
    book.finish(task, 'done', actor);
    caseChange(actor, 'containment_submitted', { status: state.status }, { status: 'root_cause', correction });
    state.status = 'root_cause';
    const next = await rootCauseStep(actor);
    await save();
    await book.announce(next);
  });

  command<def.RootCauseSubmission>(def.submitRootCauseUpdate, (actor, s) => void rules.checkRootCause(state, actor, s), async (actor, s) => {
    const task = rules.checkRootCause(state, actor, s);
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
    caseChange(actor, 'root_cause_submitted', { status: state.status }, { status: 'plan_approval', ...s });
    state.status = 'plan_approval';
    const next = await openStep('plan_approval', 'Approve the action plan', { programmeManager: true }, { kind: 'case', step: 'planApproval', severity: state.severity }, actor);
    await save();
    await book.announce(next);
  });

  command<{ approve: boolean; verifierId: string | null; comment: string }>(
    def.decidePlanUpdate,
    (actor, d) => void rules.checkPlanDecision(state, actor, d.approve, d.verifierId),
    async (actor, d) => {
      const task = rules.checkPlanDecision(state, actor, d.approve, d.verifierId);
      const analysis = state.rootCauses.at(-1)!;
      analysis.decision = { approved: d.approve, comment: d.comment, decidedBy: actor.id, decidedAt: nowIso() };
      book.finish(task, 'done', actor, d.approve ? 'plan_approved' : 'plan_rejected');
      const opened: TaskState[] = [];
      if (d.approve) {
        state.verifierId = d.verifierId;
        caseChange(actor, 'plan_approved', { status: state.status }, { status: 'implementation', verifierId: d.verifierId, comment: d.comment });
        state.status = 'implementation';
        for (const proposed of analysis.proposedActions) {
          const actionTask = await openStep('action', proposed.title, { id: proposed.ownerId }, { kind: 'date', dueDate: proposed.dueDate }, actor);
          state.actions.push({ id: uuid4(), iteration: state.iteration, title: proposed.title, taskId: actionTask.id, evidence: null, completedAt: null });
          opened.push(actionTask);
        }
      } else {
        caseChange(actor, 'plan_rejected', { status: state.status }, { status: 'root_cause', comment: d.comment });
        state.status = 'root_cause';
        opened.push(await rootCauseStep(actor));
      }
      await save();
      for (const t of opened) await book.announce(t);
    },
  );

  command<{ actionId: string; evidence: string }>(
    def.completeActionUpdate,
    (actor, a) => void rules.checkActionCompletion(state, actor, a.actionId),
    async (actor, a) => {
      const task = rules.checkActionCompletion(state, actor, a.actionId);
      const action = state.actions.find((x) => x.id === a.actionId)!;
      action.evidence = a.evidence;
      action.completedAt = nowIso();
      book.finish(task, 'done', actor);
      const current = state.actions.filter((x) => x.iteration === state.iteration);
      let next: TaskState | undefined;
      if (current.every((x) => state.tasks[x.taskId]!.status === 'done')) {
        caseChange(actor, 'implementation_completed', { status: state.status }, { status: 'effectiveness' });
        state.status = 'effectiveness';
        next = await openStep('effectiveness', 'Review the effectiveness of the actions', { id: state.verifierId! }, { kind: 'case', step: 'effectiveness', severity: state.severity }, actor);
      }
      await save();
      if (next) await book.announce(next);
    },
  );

  command<{ effective: boolean; evidence: string }>(
    def.submitEffectivenessUpdate,
    (actor) => void rules.checkEffectiveness(state, actor),
    async (actor, r) => {
      const task = rules.checkEffectiveness(state, actor);
      state.effectivenessReviews.push({ iteration: state.iteration, effective: r.effective, evidence: r.evidence, verifiedBy: actor.id, verifiedAt: nowIso() });
      book.finish(task, 'done', actor);
      if (r.effective) {
        caseChange(actor, 'closed', { status: state.status }, { status: 'closed', evidence: r.evidence });
        state.status = 'closed';
        state.closedAt = nowIso();
        await save();
        await book.sendEvent(task, { kind: 'closure', recipientIds: [state.ownerId, 'role:programme_manager'], eventKey: `closed-${seq}` });
      } else {
        caseChange(actor, 'found_ineffective', { status: state.status, iteration: state.iteration }, { status: 'root_cause', iteration: state.iteration + 1, evidence: r.evidence });
        state.iteration += 1;
        state.status = 'root_cause';
        const next = await rootCauseStep(actor);
        await save();
        await book.announce(next);
      }
    },
  );

  command<{ reason: string }>(def.cancelCaseUpdate, (actor) => rules.checkCancel(state, actor), async (actor, { reason }) => {
    rules.checkCancel(state, actor);
    for (const task of book.openTasks()) book.finish(task, 'cancelled', actor);
    caseChange(actor, 'cancelled', { status: state.status }, { status: 'cancelled', reason });
    state.status = 'cancelled';
    state.cancelReason = reason;
    state.closedAt = nowIso();
    await save();
  });

  command<{ reason: string }>(def.reopenCaseUpdate, (actor) => rules.checkReopen(state, actor), async (actor, { reason }) => {
    rules.checkReopen(state, actor);
    caseChange(actor, 'reopened', { status: state.status, iteration: state.iteration }, { status: 'root_cause', iteration: state.iteration + 1, reason });
    state.iteration += 1;
    state.status = 'root_cause';
    state.closedAt = null;
    state.cancelReason = null;
    const next = await rootCauseStep(actor);
    await save();
    await book.announce(next);
  });

  command<{ taskId: string; newDueDate: string; reason: string }>(
    taskDef.requestExtensionUpdate,
    (actor, r) => assertCanRequestExtension(openTask(state.tasks, r.taskId), actor, r.newDueDate),
    async (actor, r) => {
      const task = openTask(state.tasks, r.taskId);
      assertCanRequestExtension(task, actor, r.newDueDate);
      const requestId = book.requestExtension(task, actor, r.newDueDate, r.reason);
      await save();
      const deciders = task.approval === 'management' ? ['role:management'] : [task.ownerManagerId ?? 'role:programme_manager'];
      await book.sendEvent(task, {
        kind: 'extension_requested',
        recipientIds: deciders,
        eventKey: `extension-${requestId}`,
        extension: { requestedDueDate: r.newDueDate, reason: r.reason },
      });
      return { requestId };
    },
  );

  command<{ taskId: string; requestId: string; approve: boolean; comment: string }>(
    taskDef.decideExtensionUpdate,
    (actor, d) => assertCanDecideExtension(openTask(state.tasks, d.taskId), actor, d.requestId),
    async (actor, d) => {
      const task = openTask(state.tasks, d.taskId);
      assertCanDecideExtension(task, actor, d.requestId);
      book.decideExtension(task, actor, d.requestId, d.approve, d.comment);
      await save();
      const request = task.extensions.find((e) => e.id === d.requestId)!;
      await book.sendEvent(task, {
        kind: 'extension_decided',
        recipientIds: [task.ownerId],
        eventKey: `extension-${d.requestId}-decided`,
        extension: { requestedDueDate: request.requestedDueDate, reason: request.reason, approved: d.approve, comment: d.comment },
      });
    },
  );

  const checkReassign = (actor: Actor, r: { taskId: string; ownerId: string }) => {
    const task = openTask(state.tasks, r.taskId);
    assertCanReassign(task, actor, r.ownerId);
    rules.checkReassignForCase(state, task, r.ownerId);
    return task;
  };
  command<{ taskId: string; ownerId: string; reason: string }>(taskDef.reassignTaskUpdate, (actor, r) => void checkReassign(actor, r), async (actor, r) => {
    const task = checkReassign(actor, r);
    const managerId = await book.managerOf(r.ownerId);
    const previousOwner = book.reassign(task, r.ownerId, managerId, actor, r.reason);
    if (task.step === 'containment' || task.step === 'root_cause') {
      caseChange(actor, 'owner_changed', { ownerId: state.ownerId }, { ownerId: r.ownerId });
      state.ownerId = r.ownerId;
    }
    if (task.step === 'effectiveness') state.verifierId = r.ownerId;
    await save();
    await book.sendEvent(task, { kind: 'reassigned', recipientIds: [previousOwner], eventKey: `reassigned-${seq}` });
    await book.sendEvent(task, { kind: 'assignment', recipientIds: [r.ownerId], eventKey: `assigned-${seq}` });
  });

  if (input.kind === 'new') {
    caseChange(input.actor, 'raised', null, { title: state.title, severity: state.severity, source: state.source, ownerId: state.ownerId });
    await save(); // gives the case its number, which its tasks carry
    const containment = await openStep('containment', 'Containment and correction', { id: state.ownerId }, { kind: 'case', step: 'containment', severity: state.severity }, null);
    await save();
    recorded = true;
    await book.announce(containment);
  } else {
    for (const task of book.openTasks()) book.startTracking(task.id);
  }

  for (;;) {
    const reopened = isFinal(state)
      ? await condition(() => !isFinal(state) || workflowInfo().continueAsNewSuggested, REOPEN_WINDOW)
      : (await condition(() => isFinal(state) || workflowInfo().continueAsNewSuggested), true);
    if (!reopened && isFinal(state)) {
      await condition(allHandlersFinished);
      return state;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await lock.runExclusive(async () => condition(allHandlersFinished));
      await continueAsNew<typeof ncCaseWorkflow>({ kind: 'continued', state, seq });
    }
  }
}

function newState(draft: NewCase): CaseState {
  return {
    ...draft,
    workflowId: workflowInfo().workflowId,
    number: null,
    status: 'containment',
    iteration: 1,
    verifierId: null,
    containment: null,
    rootCauses: [],
    actions: [],
    effectivenessReviews: [],
    cancelReason: null,
    closedAt: null,
    version: 0,
    tasks: {},
  };
}
