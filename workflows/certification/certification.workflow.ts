import { allHandlersFinished, condition, continueAsNew, setHandler, upsertSearchAttributes, uuid4, workflowInfo } from '@temporalio/workflow';
import { CERTIFICATION_NEXT_DUE, CERTIFICATION_STATUS } from '../../domain/search-attributes';
import type { Actor } from '../../domain/actor';
import { EXTERNAL_AUDIT_KINDS, nextDueOf, type CertificationState, type ExternalAuditRecord, type PlannedCertificationTask } from '../../domain/certification';
import { recordActivities } from '../lib/activities';
import { Attention } from '../lib/attention';
import { ChangeLog } from '../lib/change-log';
import { openCaseForFinding } from '../lib/open-case';
import { Checkpoint } from '../lib/checkpoint';
import { commandRegistrar } from '../lib/commands';
import { conflict, forbidden, invalid } from '../lib/failures';
import { Mutex } from '../lib/mutex';
import { TaskBook, type TaskHost } from '../tasks/task-book';
import { registerTaskCommands } from '../tasks/task-commands';
import { assertOwnerOrProgrammeManager, openTask } from '../tasks/task-rules';
import * as def from './certification.definitions';

const acts = recordActivities;
const nowIso = () => new Date(Date.now()).toISOString();

type TimedEvent =
  | { kind: 'task'; at: string; audit: string; task: PlannedCertificationTask }
  | { kind: 'expire'; at: string }
  | { kind: 'lapse'; at: string };

/**
 * The certification of one AIMS, for as many three-year cycles as it stays certified: stage 1,
 * stage 2 and the decision start the first cycle; each cycle plans its surveillance audits and
 * recertification (dates from the `planCertification` activity), creates the tasks ahead of each
 * at their instants, records external audits (their nonconformities open cases), and ends in a
 * recertification (the next cycle follows on from the old expiry) or in expiry, then restoration
 * within the window or a lapse. It continues as new at every cycle boundary.
 */
export async function certificationWorkflow(input: def.CertificationInput): Promise<void> {
  const state: CertificationState =
    input.kind === 'continued'
      ? input.state
      : {
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
  const log = new ChangeLog(input.kind === 'continued' ? input.seq : 0);
  let recorded = input.kind === 'continued';
  let planVersion = 0;
  let continueNow = false;
  const checkpoint = new Checkpoint(state, log);
  const command = commandRegistrar(new Mutex(), () => recorded, checkpoint);
  const attention = new Attention({ workflowId: state.workflowId, aimsId: state.aimsId });
  const host: TaskHost = {
    attention,
    aimsId: state.aimsId,
    workflowId: state.workflowId,
    itemType: 'certification',
    itemId: state.aimsId,
    itemRef: () => `CERT-${state.cycle}`,
    itemTitle: () => `Certification${state.certificationBody ? ` by ${state.certificationBody}` : ''}, cycle ${state.cycle}`,
    itemPath: () => `/aims/${state.aimsId}/certification`,
    recordChange: (c) => log.record(c),
  };
  const book = new TaskBook(state.tasks, host);
  checkpoint.afterUndo(() => book.resumeTracking());
  const change = (actor: Actor | null, action: string, before: unknown, after: unknown) =>
    log.record({ actor, entityType: 'certification', entityId: state.aimsId, action, before, after });
  /** Status and next due date as search attributes, for `temporal workflow list --query`. */
  function index(): void {
    if (!state.indexed) return;
    upsertSearchAttributes([
      { key: CERTIFICATION_STATUS, value: state.status },
      { key: CERTIFICATION_NEXT_DUE, value: state.nextDue ? new Date(`${state.nextDue.date}T00:00:00Z`) : null },
    ]);
  }
  async function save(): Promise<void> {
    state.version += 1;
    planVersion += 1;
    state.nextDue = nextDueOf(state);
    index();
    await acts.saveCertification({ state: JSON.parse(JSON.stringify(state)) as CertificationState, changes: log.take() });
    checkpoint.saved();
  }
  const snapshot = () => ({ status: state.status, cycle: state.cycle, expiry: state.plan?.expiry ?? null });
  const assertManager = (actor: Actor) => {
    if (!actor.roles.includes('programme_manager')) throw forbidden('only a programme manager records the certification');
  };
  const assertBeforeDecision = (what: string) => {
    if (state.status !== 'initial' && state.status !== 'lapsed') throw conflict(`${what} belongs to an initial certification; the certification is ${state.status}`);
  };
  /** A new three-year cycle from `cycleStart`: planned by the activity, then a fresh run. */
  async function startCycle(actor: Actor | null, cycleStart: string, action: string, extra: Record<string, unknown>): Promise<void> {
    const before = snapshot();
    state.plan = await acts.planCertification({ aimsId: state.aimsId, cycleStart });
    state.status = 'certified';
    state.cycle += 1;
    state.externalAudits = [];
    state.createdTasks = [];
    for (const task of book.openTasks()) book.finish(task, 'cancelled', actor);
    change(actor, action, before, { ...snapshot(), cycleStart, ...extra });
    await save();
    continueNow = true;
  }

  setHandler(def.certificationStateQuery, () => state);
  setHandler(def.certificationRecordedUpdate, async () => {
    await condition(() => recorded);
  });

  command(def.recordCertificationBodyUpdate, (actor, { name }) => {
    assertManager(actor);
    if (name === state.certificationBody) throw conflict(`${name} is the certification body already`);
  }, async (actor, { name }) => {
    change(actor, 'certification_body_recorded', { certificationBody: state.certificationBody }, { certificationBody: name });
    state.certificationBody = name;
    await save();
  });

  const checkStage1 = (actor: Actor) => {
    assertManager(actor);
    assertBeforeDecision('stage 1');
    if (state.stage2) throw conflict(`stage 2 is recorded already (${state.stage2.date})`);
  };
  command(def.recordStage1Update, (actor) => checkStage1(actor), async (actor, s) => {
    const before = state.stage1;
    state.stage1 = { ...s, recordedBy: actor.id };
    change(actor, 'stage1_recorded', before, state.stage1);
    await save();
  });

  const checkStage2 = (actor: Actor, s: { date: string }) => {
    assertManager(actor);
    assertBeforeDecision('stage 2');
    if (!state.stage1) throw conflict('stage 1 is not recorded yet');
    if (state.stage1.outcome !== 'passed') throw conflict(`stage 1 on ${state.stage1.date} was not passed`);
    if (s.date < state.stage1.date) throw invalid(`stage 2 (${s.date}) cannot be before stage 1 (${state.stage1.date})`);
    if (state.stage2?.outcome === 'passed') throw conflict(`stage 2 was passed already on ${state.stage2.date}`);
  };
  command(def.recordStage2Update, checkStage2, async (actor, s) => {
    const before = state.stage2;
    state.stage2 = { ...s, recordedBy: actor.id };
    change(actor, 'stage2_recorded', before, state.stage2);
    await save();
  });

  const checkDecision = (actor: Actor, d: { date: string }) => {
    assertManager(actor);
    assertBeforeDecision('the certification decision');
    if (!state.stage2 || state.stage2.outcome !== 'passed') throw conflict('stage 2 has not been passed yet');
    if (d.date < state.stage2.date) throw invalid(`the decision (${d.date}) cannot be before stage 2 (${state.stage2.date})`);
    if (!state.certificationBody) throw conflict('record the certification body first');
  };
  command(def.recordDecisionUpdate, checkDecision, async (actor, d) => {
    state.decisionDate = d.date;
    await startCycle(actor, d.date, 'certified', { decisionDate: d.date, certificationBody: state.certificationBody });
  });

  const checkExternalAudit = (actor: Actor, a: def.ExternalAuditEntry) => {
    assertManager(actor);
    if (state.status !== 'certified' || !state.plan) throw conflict(`external audits are recorded while certified; the certification is ${state.status}`);
    if (a.date < state.plan.cycleStart) throw invalid(`the audit (${a.date}) cannot be before the cycle start (${state.plan.cycleStart})`);
    if (a.date >= state.plan.expiry) throw conflict(`the certificate expires on ${state.plan.expiry}; an audit from then on restores it`);
    if (state.externalAudits.some((r) => r.kind === a.kind && r.outcome === 'passed')) throw conflict(`the ${a.kind} audit of this cycle is recorded already`);
    const index = EXTERNAL_AUDIT_KINDS.indexOf(a.kind);
    const missing = EXTERNAL_AUDIT_KINDS.slice(0, index).find((k) => !state.externalAudits.some((r) => r.kind === k));
    if (missing) throw conflict(`the ${missing} audit of this cycle is not recorded yet`);
    const last = state.externalAudits[state.externalAudits.length - 1];
    if (last && a.date < last.date) throw invalid(`the audit (${a.date}) cannot be before the ${last.kind} audit (${last.date})`);
    if (a.outcome === 'passed' && a.findings.some((f) => f.severity === 'major')) throw invalid('an audit with a major nonconformity is not passed');
  };
  command(def.recordExternalAuditUpdate, checkExternalAudit, async (actor, a) => {
    const audit: ExternalAuditRecord = { id: uuid4(), kind: a.kind, date: a.date, outcome: a.outcome, findings: [], recordedBy: actor.id, recordedAt: nowIso() };
    const prepared = await acts.prepareExternalFindings({ aimsId: state.aimsId, auditDate: a.date, at: nowIso() });
    for (const f of a.findings) {
      const caseId = await openCaseForFinding(actor, {
        aimsId: state.aimsId,
        title: `External ${a.kind} audit finding on ${f.item}`,
        description: f.description,
        source: 'external_audit',
        severity: f.severity,
        ownerId: f.ownerId,
        raisedBy: actor.id,
        clauseRef: f.item,
        auditId: audit.id,
        raisedOn: prepared.raisedOn,
        closeBy: f.severity === 'major' ? prepared.majorCloseBy : null,
      });
      audit.findings.push({ ...f, caseId, closeBy: f.severity === 'major' ? prepared.majorCloseBy : null });
    }
    state.externalAudits.push(audit);
    for (const task of book.openTasks()) if (task.step.startsWith(`${a.kind}:`)) book.finish(task, 'done', actor);
    change(actor, 'external_audit_recorded', null, { auditId: audit.id, kind: a.kind, date: a.date, outcome: a.outcome, findings: audit.findings });
    if (a.kind === 'recertification' && a.outcome === 'passed') {
      await startCycle(actor, state.plan!.expiry, 'recertified', { auditId: audit.id, auditDate: a.date });
    } else {
      await save();
    }
    return { auditId: audit.id, caseIds: audit.findings.map((f) => f.caseId) };
  });

  const checkRestore = (actor: Actor, r: { date: string }) => {
    assertManager(actor);
    if (state.status !== 'expired' || !state.plan) throw conflict(`only an expired certificate is restored; the certification is ${state.status}`);
    if (r.date < state.plan.cycleStart) throw invalid(`the restoring audit (${r.date}) cannot be before the cycle start (${state.plan.cycleStart})`);
    if (r.date > state.plan.restoreUntil) throw conflict(`the certificate could be restored until ${state.plan.restoreUntil}`);
  };
  command(def.restoreCertificationUpdate, checkRestore, async (actor, r) => {
    await startCycle(actor, state.plan!.expiry, 'restored', { restoredOn: r.date, reason: r.reason });
  });

  const checkComplete = (actor: Actor, c: { taskId: string }) => assertOwnerOrProgrammeManager(openTask(state.tasks, c.taskId), actor);
  command(def.completeCertificationTaskUpdate, checkComplete, async (actor, c) => {
    book.finish(openTask(state.tasks, c.taskId), 'done', actor);
    await save();
  });

  registerTaskCommands(command, book, save);

  if (input.kind === 'new') {
    change(input.actor, 'created', null, { status: state.status, certificationBody: state.certificationBody });
    await save();
    recorded = true;
  } else {
    index(); // a new run starts without the previous run's search attributes
    for (const task of book.openTasks()) book.startTracking(task.id);
  }

  const nextEvent = (): TimedEvent | null => {
    const plan = state.plan;
    if (!plan) return null;
    if (state.status === 'expired') return { kind: 'lapse', at: plan.lapsesAt };
    if (state.status !== 'certified') return null;
    const events: TimedEvent[] = [{ kind: 'expire', at: plan.expiresAt }];
    for (const audit of plan.audits) {
      if (state.externalAudits.some((r) => r.kind === audit.kind)) continue;
      for (const task of audit.tasks) if (!state.createdTasks.includes(task.key)) events.push({ kind: 'task', at: task.startAt, audit: audit.kind, task });
    }
    return events.reduce((a, b) => (Date.parse(b.at) < Date.parse(a.at) ? b : a));
  };

  for (;;) {
    if (continueNow || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      state.tasks = Object.fromEntries(Object.entries(state.tasks).filter(([, t]) => t.status === 'open'));
      await continueAsNew<typeof certificationWorkflow>({ kind: 'continued', state, seq: log.seq });
    }
    const version = planVersion;
    const changed = () => planVersion !== version || continueNow;
    const next = nextEvent();
    if (!next) {
      await condition(changed);
      continue;
    }
    const wait = Date.parse(next.at) - Date.now();
    if (wait > 0 && (await condition(changed, wait))) continue;
    if (changed()) continue;
    // Timed work that cannot be prepared or saved waits for an operator; commands go on.
    const step = (name: string) => ({ itemType: 'certification', itemId: `${state.cycle}:${next.kind === 'task' ? next.task.key : next.kind}`, itemLabel: host.itemTitle(), step: name });
    if (next.kind === 'task') {
      state.createdTasks.push(next.task.key);
      const spec = { step: next.task.key, title: next.task.title, owner: { programmeManager: true }, deadline: { kind: 'date', dueDate: next.task.dueDate }, approval: 'manager' } as const;
      const task = await attention.guard(step('create_task'), () => book.create(spec, null));
      await attention.guard(step('save_certification'), log.keepingChanges(save));
      await book.announce(task);
    } else if (next.kind === 'expire') {
      const before = snapshot();
      state.status = 'expired';
      for (const task of book.openTasks()) book.finish(task, 'cancelled', null);
      change(null, 'expired', before, { ...snapshot(), restoreUntil: state.plan!.restoreUntil });
      await attention.guard(step('save_certification'), log.keepingChanges(save));
    } else {
      const before = snapshot();
      state.status = 'lapsed';
      state.stage1 = null;
      state.stage2 = null;
      state.decisionDate = null;
      change(null, 'lapsed', before, { ...snapshot(), note: 'a new initial certification is needed' });
      await attention.guard(step('save_certification'), log.keepingChanges(save));
      continueNow = true;
    }
  }
}
