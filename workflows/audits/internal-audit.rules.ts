import type { Actor } from '../../domain/actor';
import { isNonconformity, type AuditState } from '../../domain/audit';
import type { TaskState } from '../../domain/task';
import { conflict, forbidden, invalid } from '../lib/failures';
import type { ResultEntry } from './audit.definitions';

// Pure checks of the internal audit's commands: each names the reason a command is refused.

export type AuditTeam = { leadAuditorId: string; auditeeIds: string[] };

/** The open task of a step of the audit; refused when the audit is not at that step. */
export function stepTask(state: AuditState, step: string): TaskState {
  const task = Object.values(state.tasks).find((t) => t.step === step && t.status === 'open');
  if (!task) throw conflict(`the audit is ${state.status}; it has no open ${step.replace('_', ' ')} task`);
  return task;
}

export function assertLead(state: AuditState, actor: Actor): void {
  if (actor.id !== state.leadAuditorId && !actor.roles.includes('programme_manager')) {
    throw forbidden('only the lead auditor or a programme manager may do this');
  }
}

/** Whether the team's people are independent of what they audit needs the record: `checkAuditTeam`, in the handler. */
export function checkTeam(state: AuditState, actor: Actor, team: AuditTeam): void {
  if (state.status !== 'planning') throw conflict(`the audit team is fixed once fieldwork is planned; the audit is ${state.status}`);
  if (!actor.roles.includes('programme_manager')) throw forbidden('only a programme manager names the audit team');
  if (team.auditeeIds.length === 0) throw invalid('name at least one auditee');
}

/** `now`: the workflow's current instant (results are recorded once fieldwork has opened). */
export function checkResults(state: AuditState, actor: Actor, results: ResultEntry[], now: number): void {
  if (state.status !== 'fieldwork') throw conflict(`results are recorded during fieldwork; the audit is ${state.status}`);
  assertLead(state, actor);
  if (now < Date.parse(state.fieldworkOpensAt)) throw conflict(`fieldwork starts on ${state.fieldworkStart}`);
  const outside = results.filter((r) => !state.scope.includes(r.itemId)).map((r) => r.itemId);
  if (outside.length > 0) throw invalid(`not in this audit's scope: ${outside.join(', ')}`);
  const ownerless = results.filter((r) => isNonconformity(r.result) && !r.ownerId).map((r) => r.itemId);
  if (ownerless.length > 0) throw invalid(`a nonconformity needs the owner of its corrective action: ${ownerless.join(', ')}`);
}

/** Returns the fieldwork task, once every scope item has its result. */
export function checkFieldworkDone(state: AuditState, actor: Actor): TaskState {
  const task = stepTask(state, 'fieldwork');
  assertLead(state, actor);
  const missing = state.scope.filter((item) => !state.results[item]);
  if (missing.length > 0) throw conflict(`no result yet for ${missing.join(', ')}`);
  return task;
}

/** Returns the report task. */
export function checkReport(state: AuditState, actor: Actor): TaskState {
  const task = stepTask(state, 'report');
  assertLead(state, actor);
  return task;
}
