import {
  allHandlersFinished,
  condition,
  patched,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { CaseState, CaseStatus, NewCase } from '../../domain/nc-case';
import { CASE_STATUS } from '../../domain/search-attributes';
import { AIMS_PROGRAMME_MANAGER, type ApprovalLevel, type TaskState } from '../../domain/task';
import { recordActivities } from '../lib/activities';
import { Attention } from '../lib/attention';
import { ChangeLog } from '../lib/change-log';
import { Checkpoint } from '../lib/checkpoint';
import { commandRegistrar } from '../lib/commands';
import { Mutex } from '../lib/mutex';
import { TaskBook, type NewTask, type TaskHost } from '../tasks/task-book';
import { registerTaskCommands } from '../tasks/task-commands';
import * as def from './nc-case.definitions';
import * as rules from './nc-case.rules';

const { saveCase } = recordActivities;

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
  const log = new ChangeLog(input.kind === 'continued' ? input.seq : 0);
  let recorded = input.kind === 'continued';
  const lock = new Mutex();
  const checkpoint = new Checkpoint(state, log);
  const command = commandRegistrar(lock, () => recorded, checkpoint);
  const approval: ApprovalLevel = state.severity === 'major' ? 'management' : 'manager';

  const attention = new Attention({ workflowId: state.workflowId, aimsId: state.aimsId });

  const host: TaskHost = {

    attention,
    aimsId: state.aimsId,
    workflowId: state.workflowId,
    itemType: 'nc_case',
    itemId: state.id,
    itemRef: () => (state.number === null ? 'NC' : `NC-${state.number}`),
    itemTitle: () => state.title,
    itemPath: () => `/cases/${state.id}`,
    recordChange: (c) => log.record(c),
  };
  const book = new TaskBook(state.tasks, host);
  checkpoint.afterUndo(() => book.resumeTracking());
  const caseChange = (actor: Actor | null, action: string, before: unknown, after: unknown) =>
    host.recordChange({ actor, entityType: 'nc_case', entityId: state.id, action, before, after });

  /**
   * Independence of the verifier on every path (plan, reassignments, who records effectiveness)
   * came after the first recorded histories. Validators always check it (they do not replay); a
   * handler checks it unless it replays a history from before, where the command was accepted.
   */
  const independence = (inHandler: boolean): rules.Independence => ({ full: !inHandler || patched('case-verifier-independence') });

  /** The status last written to the `CaseStatus` search attribute in this run. */
  let indexedStatus: CaseStatus | undefined;
  /**
   * Every status change reaches `CaseStatus`, so a closed case waiting for a reopen is found as
   * closed. Added after the first recorded histories, hence the patch; cases started without
   * `indexed` (before it, or with search attributes off) never upsert.
   */
  function index(): void {
    if (!state.indexed || indexedStatus === state.status) return;
    if (!patched('case-status-search-attribute')) return;
    upsertSearchAttributes([{ key: CASE_STATUS, value: state.status }]);
    indexedStatus = state.status;
  }

  async function save(): Promise<void> {
    index();
    state.version += 1;
    const { number } = await saveCase({ state: JSON.parse(JSON.stringify(state)) as CaseState, changes: log.take() });
    state.number = number;
    checkpoint.saved();
  }

  async function openStep(step: string, title: string, owner: NewTask['owner'], deadline: NewTask['deadline'], actor: Actor | null) {
    return book.create({ step, title, owner, deadline, approval }, actor);
  }

  const rootCauseStep = (actor: Actor | null) =>
    openStep('root_cause', 'Root-cause analysis and action plan', { id: state.ownerId }, { kind: 'case', step: 'rootCause', severity: state.severity }, actor);

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
    (actor, d, inHandler) => void rules.checkPlanDecision(state, actor, d.approve, d.verifierId, independence(inHandler)),
    async (actor, d) => {
      const task = rules.checkPlanDecision(state, actor, d.approve, d.verifierId, independence(true));
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
    (actor, _r, inHandler) => void rules.checkEffectiveness(state, actor, independence(inHandler)),
    async (actor, r) => {
      const task = rules.checkEffectiveness(state, actor, independence(true));
      state.effectivenessReviews.push({ iteration: state.iteration, effective: r.effective, evidence: r.evidence, verifiedBy: actor.id, verifiedAt: nowIso() });
      book.finish(task, 'done', actor);
      if (r.effective) {
        caseChange(actor, 'closed', { status: state.status }, { status: 'closed', evidence: r.evidence });
        for (const open of book.openTasks()) if (open.step === 'close_by') book.finish(open, 'done', actor);
        state.status = 'closed';
        state.closedAt = nowIso();
        await save();
        // The AIMS's own programme manager, resolved by the activity: only the activity's input
        // changed (no new command), so recorded histories replay as they are.
        await book.sendEvent(task, { kind: 'closure', recipientIds: [state.ownerId, AIMS_PROGRAMME_MANAGER], eventKey: `closed-${log.seq}` });
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

  registerTaskCommands(command, book, save, {
    check: (task, ownerId, inHandler) => rules.checkReassignForCase(state, task, ownerId, independence(inHandler)),
    apply: (task, ownerId, actor) => {
      if (task.step === 'containment' || task.step === 'root_cause') {
        caseChange(actor, 'owner_changed', { ownerId: state.ownerId }, { ownerId });
        state.ownerId = ownerId;
      }
      if (task.step === 'effectiveness') state.verifierId = ownerId;
    },
  });

  if (input.kind === 'new') {
    caseChange(input.actor, 'raised', null, { title: state.title, severity: state.severity, source: state.source, ownerId: state.ownerId });
    await save(); // gives the case its number, which its tasks carry
    const containment = await openStep('containment', 'Containment and correction', { id: state.ownerId }, { kind: 'case', step: 'containment', severity: state.severity }, null);
    // Added after the first recorded histories: the branch only runs for cases with a close-by date.
    const closeBy = state.closeBy && patched('case-close-by-deadline') ? await openStep('close_by', 'Close this nonconformity', { id: state.ownerId }, { kind: 'date', dueDate: state.closeBy }, null) : null;
    await save();
    recorded = true;
    await book.announce(containment);
    if (closeBy) await book.announce(closeBy);
  } else {
    // A new run starts with the status written again, whatever the server carried over.
    index();
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
      await continueAsNew<typeof ncCaseWorkflow>({ kind: 'continued', state, seq: log.seq });
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
