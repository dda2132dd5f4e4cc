import { allHandlersFinished, condition, patched, continueAsNew, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { CaseState, CaseStatus, NewCase } from '../../domain/nc-case';
import { CASE_STATUS } from '../../domain/search-attributes';
import type { ApprovalLevel } from '../../domain/task';
import { recordActivities } from '../lib/activities';
import { startTaskItemWorkflow } from '../tasks/task-item-workflow';
import { registerCaseCommands, type CaseWorkflow } from './nc-case.commands';
import * as def from './nc-case.definitions';

/** Before 'case-ends-when-closed': a closed or cancelled case waited this long for a reopen before its workflow ended. */
const REOPEN_WINDOW = '1096 days';
/** A run started to take a reopen ends again if none is accepted within this (a refused reopen). */
const REOPEN_GRACE = '1 minute';

const isFinal = (state: CaseState) => state.status === 'closed' || state.status === 'cancelled';

/**
 * One nonconformity, from raising to closure (ISO/IEC 42001 10.2): containment, root-cause
 * analysis with an action plan, its approval, the actions, the effectiveness review, and back to
 * root cause when the actions did not work. Every human step is a task of the TaskBook, so it
 * is reminded, escalated and extended the same way as every other task in the product.
 */
export async function ncCaseWorkflow(input: def.CaseWorkflowInput): Promise<def.CaseWorkflowResult> {
  const c = caseWorkflow(input);
  const { state, book, change, save } = c;
  registerCaseCommands(c);

  if (input.kind === 'new') {
    change(input.actor, 'raised', null, { title: state.title, severity: state.severity, source: state.source, ownerId: state.ownerId });
    // Since 'case-created-in-one-save' the one save below gives the case its number, and its
    // first tasks take their reference from it then; before, a first save gave it.
    const oneSave = patched('case-created-in-one-save');
    if (!oneSave) await save(); // gives the case its number, which its tasks carry
    const containment = await c.openStep(
      'containment',
      'Containment and correction',
      { id: state.ownerId },
      { kind: 'case', step: 'containment', severity: state.severity },
      null,
    );
    // Added after the first recorded histories: the branch only runs for cases with a close-by date.
    const closeBy =
      state.closeBy && patched('case-close-by-deadline')
        ? await c.openStep('close_by', 'Close this nonconformity', { id: state.ownerId }, { kind: 'date', dueDate: state.closeBy }, null)
        : null;
    await save();
    if (oneSave) for (const task of [containment, closeBy]) if (task) task.itemRef = `NC-${state.number}`;
    c.markRecorded();
    await book.announce(containment);
    if (closeBy) await book.announce(closeBy);
  } else {
    // A new run starts with the status written again, whatever the server carried over.
    c.index();
    for (const task of book.openTasks()) book.startTracking(task.id);
  }

  if (input.kind === 'continued' && input.reopening && isFinal(state)) await condition(() => !isFinal(state), REOPEN_GRACE);

  for (;;) {
    // A closed or cancelled case ends its workflow once its last emails are out: no timer, no
    // cached workflow, nothing running for it. Reopening starts a new run from the ended run's
    // result (`api/resume-case-workflow.ts`). Cases closed before the patch wait as they did.
    if (isFinal(state) && patched('case-ends-when-closed')) {
      await condition(() => allHandlersFinished() && book.idle());
      if (isFinal(state)) return { ...state, seq: c.log.seq };
      continue;
    }
    const reopened = isFinal(state)
      ? await condition(() => !isFinal(state) || workflowInfo().continueAsNewSuggested, REOPEN_WINDOW)
      : (await condition(() => isFinal(state) || workflowInfo().continueAsNewSuggested), true);
    if (!reopened && isFinal(state)) {
      await condition(() => allHandlersFinished() && book.idle());
      return state;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await c.lock.runExclusive(async () => condition(() => allHandlersFinished() && book.idle()));
      await continueAsNew<typeof ncCaseWorkflow>({ kind: 'continued', state, seq: c.log.seq });
    }
  }
}

/** The case's kit: its record, its tasks' descriptions, and the search attribute of its status. */
function caseWorkflow(input: def.CaseWorkflowInput): CaseWorkflow & { index(): void } {
  const state: CaseState = input.kind === 'new' ? newState(input.draft) : input.state;
  const approval: ApprovalLevel = state.severity === 'major' ? 'management' : 'manager';
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
  const kit = startTaskItemWorkflow({
    state,
    seq: input.kind === 'continued' ? input.seq : 0,
    recorded: input.kind === 'continued',
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: 'nc_case', id: state.id },
    item: {
      itemType: 'nc_case',
      itemId: state.id,
      itemRef: () => (state.number === null ? 'NC' : `NC-${state.number}`),
      itemTitle: () => state.title,
      itemPath: () => `/cases/${state.id}`,
    },
    stateQuery: def.caseStateQuery,
    recordedUpdate: def.caseRecordedUpdate,
    recordedAnswer: () => ({ number: state.number! }),
    persist: recordActivities.saveCase,
    persistPreparing: recordActivities.saveCasePreparingTasks,
    beforeSave: index,
    afterSave: ({ number }) => {
      state.number = number;
    },
  });
  // An async function, as before the kit: its extra microtask turns are part of recorded histories.
  const openStep: CaseWorkflow['openStep'] = async (step, title, owner, deadline, actor) => kit.book.create({ step, title, owner, deadline, approval }, actor);
  return {
    ...kit,
    index,
    openStep,
    rootCauseStep: (actor: Actor | null) =>
      openStep(
        'root_cause',
        'Root-cause analysis and action plan',
        { id: state.ownerId },
        { kind: 'case', step: 'rootCause', severity: state.severity },
        actor,
      ),
    /**
     * Independence of the verifier on every path (plan, reassignments, who records effectiveness)
     * came after the first recorded histories. Validators always check it (they do not replay); a
     * handler checks it unless it replays a history from before, where the command was accepted.
     */
    independence: (inHandler) => ({ full: !inHandler || patched('case-verifier-independence') }),
  };
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
