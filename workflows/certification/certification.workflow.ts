import { allHandlersFinished, condition, continueAsNew, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { CERTIFICATION_NEXT_DUE, CERTIFICATION_STATUS } from '../../domain/search-attributes';
import { nextDueOf, type CertificationState } from '../../domain/certification';
import { recordActivities } from '../lib/activities';
import { startTaskItemWorkflow } from '../tasks/task-item-workflow';
import { registerCertificationCommands, snapshot, type CertificationWorkflow } from './certification.commands';
import * as def from './certification.definitions';
import * as rules from './certification.rules';

/**
 * The certification of one AIMS, for as many three-year cycles as it stays certified: stage 1,
 * stage 2 and the decision start the first cycle; each cycle plans its surveillance audits and
 * recertification (dates from the `planCertification` activity), creates the tasks ahead of each
 * at their instants, records external audits (their nonconformities open cases), and ends in a
 * recertification (the next cycle follows on from the old expiry) or in expiry, then restoration
 * within the window or a lapse. It continues as new at every cycle boundary.
 */
export async function certificationWorkflow(input: def.CertificationInput): Promise<void> {
  const state = input.kind === 'continued' ? input.state : newCertificationState(input);
  const c = certificationKit(input, state);
  const { book, change, log, save, run } = c;
  registerCertificationCommands(c);

  if (input.kind === 'new') {
    change(input.actor, 'created', null, { status: state.status, certificationBody: state.certificationBody });
    await save();
    c.markRecorded();
  } else {
    c.index(); // a new run starts without the previous run's search attributes
    for (const task of book.openTasks()) book.startTracking(task.id);
  }

  for (;;) {
    if (run.continueNow || workflowInfo().continueAsNewSuggested) {
      await condition(() => allHandlersFinished() && book.idle());
      state.tasks = Object.fromEntries(Object.entries(state.tasks).filter(([, t]) => t.status === 'open'));
      await continueAsNew<typeof certificationWorkflow>({ kind: 'continued', state, seq: log.seq });
    }
    const version = run.planVersion;
    const changed = () => run.planVersion !== version || run.continueNow;
    const next = rules.nextTimedEvent(state);
    if (!next) {
      await condition(changed);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(changed, wait))) continue;
    if (changed()) continue;
    // Timed work that cannot be prepared or saved waits for an operator; commands go on.
    const step = (name: string) => ({
      itemType: 'certification',
      itemId: `${state.cycle}:${next.kind === 'task' ? next.task.key : next.kind}`,
      itemLabel: c.host.itemTitle(),
      step: name,
    });
    if (next.kind === 'task') {
      state.createdTasks.push(next.task.key);
      const spec = {
        step: next.task.key,
        title: next.task.title,
        owner: { programmeManager: true },
        deadline: { kind: 'date', dueDate: next.task.dueDate },
        approval: 'manager',
      } as const;
      const task = await c.attention.guard(step('create_task'), () => book.create(spec, null));
      await c.attention.guard(step('save_certification'), log.keepingChanges(save));
      await book.announce(task);
    } else {
      if (next.kind === 'expire') expire(c);
      else lapse(c);
      await c.attention.guard(step('save_certification'), log.keepingChanges(save));
      if (next.kind === 'lapse') run.continueNow = true;
    }
  }
}

/** The certification's kit: its record, its tasks' descriptions, its search attributes. */
function certificationKit(input: def.CertificationInput, state: CertificationState): CertificationWorkflow & { index(): void } {
  const run = { planVersion: 0, continueNow: false };
  /** Status and next due date as search attributes, for `temporal workflow list --query`. */
  function index(): void {
    if (!state.indexed) return;
    upsertSearchAttributes([
      { key: CERTIFICATION_STATUS, value: state.status },
      { key: CERTIFICATION_NEXT_DUE, value: state.nextDue ? new Date(`${state.nextDue.date}T00:00:00Z`) : null },
    ]);
  }
  const kit = startTaskItemWorkflow({
    state,
    seq: input.kind === 'continued' ? input.seq : 0,
    recorded: input.kind === 'continued',
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: 'certification', id: state.aimsId },
    item: {
      itemType: 'certification',
      itemId: state.aimsId,
      itemRef: () => `CERT-${state.cycle}`,
      itemTitle: () => `Certification${state.certificationBody ? ` by ${state.certificationBody}` : ''}, cycle ${state.cycle}`,
      itemPath: () => `/aims/${state.aimsId}/certification`,
    },
    stateQuery: def.certificationStateQuery,
    recordedUpdate: def.certificationRecordedUpdate,
    persist: recordActivities.saveCertification,
    persistPreparing: recordActivities.saveCertificationPreparingTasks,
    beforeSave: () => {
      run.planVersion += 1;
      state.nextDue = nextDueOf(state);
      index();
    },
  });
  return { ...kit, run, index };
}

/** The certificate expired: its tasks are cancelled; it may still be restored until `restoreUntil`. */
function expire({ state, book, change }: CertificationWorkflow): void {
  const before = snapshot(state);
  state.status = 'expired';
  for (const task of book.openTasks()) book.finish(task, 'cancelled', null);
  change(null, 'expired', before, { ...snapshot(state), restoreUntil: state.plan!.restoreUntil });
}

/** Not restored in time: a new initial certification (stage 1, stage 2, decision) is needed. */
function lapse({ state, change }: CertificationWorkflow): void {
  const before = snapshot(state);
  state.status = 'lapsed';
  state.stage1 = null;
  state.stage2 = null;
  state.decisionDate = null;
  change(null, 'lapsed', before, { ...snapshot(state), note: 'a new initial certification is needed' });
}

function newCertificationState(input: Extract<def.CertificationInput, { kind: 'new' }>): CertificationState {
  return {
    aimsId: input.aimsId,
    workflowId: workflowInfo().workflowId,
    status: 'initial',
    cycle: 0,
    certificationBody: input.certificationBody,
    indexed: input.indexed === true,
    stage1: null,
    stage2: null,
    decisionDate: null,
    plan: null,
    externalAudits: [],
    createdTasks: [],
    nextDue: null,
    version: 0,
    tasks: {},
  };
}
