import type { Actor } from '../../domain/actor';
import { EXTERNAL_AUDIT_KINDS, type CertificationState, type PlannedCertificationTask } from '../../domain/certification';
import type { TaskState } from '../../domain/task';
import { conflict, forbidden, invalid } from '../lib/failures';
import { assertOwnerOrProgrammeManager, openTask } from '../tasks/task-rules';
import type { ExternalAuditEntry } from './certification.definitions';

// Pure rules of the certification workflow: the checks of its commands (each names the reason a
// command is refused) and which timed event comes next.

export function assertManager(actor: Actor): void {
  if (!actor.roles.includes('programme_manager')) throw forbidden('only a programme manager records the certification');
}

function assertBeforeDecision(state: CertificationState, what: string): void {
  if (state.status !== 'initial' && state.status !== 'lapsed')
    throw conflict(`${what} belongs to an initial certification; the certification is ${state.status}`);
}

export function checkCertificationBody(state: CertificationState, actor: Actor, name: string): void {
  assertManager(actor);
  if (name === state.certificationBody) throw conflict(`${name} is the certification body already`);
}

export function checkStage1(state: CertificationState, actor: Actor): void {
  assertManager(actor);
  assertBeforeDecision(state, 'stage 1');
  if (state.stage2) throw conflict(`stage 2 is recorded already (${state.stage2.date})`);
}

export function checkStage2(state: CertificationState, actor: Actor, s: { date: string }): void {
  assertManager(actor);
  assertBeforeDecision(state, 'stage 2');
  if (!state.stage1) throw conflict('stage 1 is not recorded yet');
  if (state.stage1.outcome !== 'passed') throw conflict(`stage 1 on ${state.stage1.date} was not passed`);
  if (s.date < state.stage1.date) throw invalid(`stage 2 (${s.date}) cannot be before stage 1 (${state.stage1.date})`);
  if (state.stage2?.outcome === 'passed') throw conflict(`stage 2 was passed already on ${state.stage2.date}`);
}

export function checkDecision(state: CertificationState, actor: Actor, d: { date: string }): void {
  assertManager(actor);
  assertBeforeDecision(state, 'the certification decision');
  if (!state.stage2 || state.stage2.outcome !== 'passed') throw conflict('stage 2 has not been passed yet');
  if (d.date < state.stage2.date) throw invalid(`the decision (${d.date}) cannot be before stage 2 (${state.stage2.date})`);
  if (!state.certificationBody) throw conflict('record the certification body first');
}

/** External audits of a cycle come in order, within the cycle, once each (a failed one may be recorded again). */
export function checkExternalAudit(state: CertificationState, actor: Actor, a: ExternalAuditEntry): void {
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
}

export function checkRestore(state: CertificationState, actor: Actor, r: { date: string }): void {
  assertManager(actor);
  if (state.status !== 'expired' || !state.plan) throw conflict(`only an expired certificate is restored; the certification is ${state.status}`);
  if (r.date < state.plan.cycleStart) throw invalid(`the restoring audit (${r.date}) cannot be before the cycle start (${state.plan.cycleStart})`);
  if (r.date > state.plan.restoreUntil) throw conflict(`the certificate could be restored until ${state.plan.restoreUntil}`);
}

/** Returns the task to complete. */
export function checkCompleteTask(state: CertificationState, actor: Actor, taskId: string): TaskState {
  const task = openTask(state.tasks, taskId);
  assertOwnerOrProgrammeManager(task, actor);
  return task;
}

export type TimedEvent =
  { kind: 'task'; at: string; audit: string; task: PlannedCertificationTask } | { kind: 'expire'; at: string } | { kind: 'lapse'; at: string };

/** The earliest timed work of the cycle: a planned task to create, the expiry, or the lapse after it. */
export function nextTimedEvent(state: CertificationState): TimedEvent | null {
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
}
