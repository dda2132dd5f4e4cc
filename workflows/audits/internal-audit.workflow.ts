import { setHandler, workflowInfo, condition, allHandlersFinished } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { isNonconformity, type AuditState } from '../../domain/audit';
import { outboundActivities, recordActivities } from '../lib/activities';
import { Attention } from '../lib/attention';
import { ChangeLog } from '../lib/change-log';
import { openCaseForFinding } from '../lib/open-case';
import { Checkpoint } from '../lib/checkpoint';
import { commandRegistrar } from '../lib/commands';
import { conflict, forbidden, invalid } from '../lib/failures';
import { Mutex } from '../lib/mutex';
import { TaskBook, type TaskHost } from '../tasks/task-book';
import { registerTaskCommands } from '../tasks/task-commands';
import * as def from './audit.definitions';

const acts = recordActivities;
const nowIso = () => new Date(Date.now()).toISOString();

/**
 * One internal audit (ISO/IEC 42001 9.2): the programme manager names an independent lead
 * auditor and the auditees, who are notified; the lead auditor records a result per scope item
 * during fieldwork; every nonconformity found opens a corrective-action case; the report goes
 * to management. Its tasks are TaskBook tasks, reminded and escalated like all others.
 */
export async function internalAuditWorkflow(input: def.AuditInput): Promise<AuditState> {
  const attention = new Attention({ workflowId: workflowInfo().workflowId, aimsId: input.aimsId });
  // Scope and dates come from the record; an occurrence that cannot be prepared waits for an operator.
  const prepared = await attention.guard(
    { itemType: 'audit', itemId: input.auditId, itemLabel: `Internal audit, fieldwork ${input.fieldworkStart}`, step: 'prepare_audit' },
    () =>
      acts.prepareAudit({
        aimsId: input.aimsId,
        cadence: input.cadence,
        anchorDate: input.anchorDate,
        index: input.occurrenceIndex,
        fieldworkStart: input.fieldworkStart,
      }),
  );
  const state: AuditState = {
    id: input.auditId,
    aimsId: input.aimsId,
    workflowId: workflowInfo().workflowId,
    number: null,
    occurrenceIndex: input.occurrenceIndex,
    status: 'planning',
    scope: prepared.scope,
    fieldworkStart: input.fieldworkStart,
    fieldworkEnd: prepared.fieldworkEnd,
    fieldworkOpensAt: prepared.fieldworkOpensAt,
    leadAuditorId: null,
    auditeeIds: [],
    results: {},
    reportSummary: null,
    reportedAt: null,
    version: 0,
    tasks: {},
  };
  const log = new ChangeLog();
  let recorded = false;
  const lock = new Mutex();
  const checkpoint = new Checkpoint(state, log);
  const command = commandRegistrar(lock, () => recorded, checkpoint);
  const host: TaskHost = {
    attention,
    aimsId: state.aimsId,
    workflowId: state.workflowId,
    itemType: 'audit',
    itemId: state.id,
    itemRef: () => (state.number === null ? 'IA' : `IA-${state.number}`),
    itemTitle: () => `Internal audit, fieldwork ${state.fieldworkStart} to ${state.fieldworkEnd}`,
    itemPath: () => `/audits/${state.id}`,
    recordChange: (c) => log.record(c),
  };
  const book = new TaskBook(state.tasks, host);
  checkpoint.afterUndo(() => book.resumeTracking());
  const change = (actor: Actor | null, action: string, before: unknown, after: unknown) =>
    log.record({ actor, entityType: 'audit', entityId: state.id, action, before, after });
  async function save(): Promise<void> {
    state.version += 1;
    const { number } = await acts.saveAudit({ state: JSON.parse(JSON.stringify(state)) as AuditState, changes: log.take() });
    state.number = number;
    checkpoint.saved();
  }
  const stepTask = (step: string) => {
    const task = Object.values(state.tasks).find((t) => t.step === step && t.status === 'open');
    if (!task) throw conflict(`the audit is ${state.status}; it has no open ${step.replace('_', ' ')} task`);
    return task;
  };
  const assertLead = (actor: Actor) => {
    if (actor.id !== state.leadAuditorId && !actor.roles.includes('programme_manager')) {
      throw forbidden('only the lead auditor or a programme manager may do this');
    }
  };

  setHandler(def.auditStateQuery, () => state);
  setHandler(def.auditRecordedUpdate, async () => {
    await condition(() => recorded);
    return { number: state.number! };
  });

  const checkTeam = (actor: Actor, team: { leadAuditorId: string; auditeeIds: string[] }) => {
    if (state.status !== 'planning') throw conflict(`the audit team is fixed once fieldwork is planned; the audit is ${state.status}`);
    if (!actor.roles.includes('programme_manager')) throw forbidden('only a programme manager names the audit team');
    if (team.auditeeIds.length === 0) throw invalid('name at least one auditee');
  };
  command(def.assignAuditTeamUpdate, checkTeam, async (actor, team) => {
    checkTeam(actor, team);
    const problem = await acts.checkAuditTeam(team);
    if (problem) throw invalid(problem);
    const task = stepTask('audit_team');
    state.leadAuditorId = team.leadAuditorId;
    state.auditeeIds = team.auditeeIds;
    book.finish(task, 'done', actor);
    change(actor, 'team_assigned', { status: 'planning' }, { status: 'fieldwork', ...team });
    state.status = 'fieldwork';
    const fieldwork = await book.create(
      { step: 'fieldwork', title: 'Record the checklist results', owner: { id: team.leadAuditorId }, deadline: { kind: 'date', dueDate: state.fieldworkEnd }, approval: 'manager' },
      actor,
    );
    await save();
    await outboundActivities.sendAuditEmail({ auditId: state.id, kind: 'notice', at: nowIso() });
    await book.announce(fieldwork);
  });

  const checkResults = (actor: Actor, { results }: { results: def.ResultEntry[] }) => {
    if (state.status !== 'fieldwork') throw conflict(`results are recorded during fieldwork; the audit is ${state.status}`);
    assertLead(actor);
    if (Date.now() < Date.parse(state.fieldworkOpensAt)) throw conflict(`fieldwork starts on ${state.fieldworkStart}`);
    const outside = results.filter((r) => !state.scope.includes(r.itemId)).map((r) => r.itemId);
    if (outside.length > 0) throw invalid(`not in this audit's scope: ${outside.join(', ')}`);
    const ownerless = results.filter((r) => isNonconformity(r.result) && !r.ownerId).map((r) => r.itemId);
    if (ownerless.length > 0) throw invalid(`a nonconformity needs the owner of its corrective action: ${ownerless.join(', ')}`);
  };
  command(def.recordResultsUpdate, checkResults, async (actor, body) => {
    checkResults(actor, body);
    for (const r of body.results) {
      const before = state.results[r.itemId] ?? null;
      state.results[r.itemId] = { result: r.result, evidence: r.evidence, ownerId: r.ownerId, caseId: null, recordedBy: actor.id, recordedAt: nowIso() };
      change(actor, 'result_recorded', before, { itemId: r.itemId, result: r.result, evidence: r.evidence });
    }
    await save();
  });

  const checkFieldworkDone = (actor: Actor) => {
    stepTask('fieldwork');
    assertLead(actor);
    const missing = state.scope.filter((item) => !state.results[item]);
    if (missing.length > 0) throw conflict(`no result yet for ${missing.join(', ')}`);
  };
  command(def.completeFieldworkUpdate, (actor) => checkFieldworkDone(actor), async (actor) => {
    checkFieldworkDone(actor);
    book.finish(stepTask('fieldwork'), 'done', actor);
    const raisedOn = await acts.aimsToday({ aimsId: state.aimsId, at: nowIso() });
    for (const [itemId, finding] of Object.entries(state.results)) {
      if (!isNonconformity(finding.result) || finding.caseId) continue;
      const caseId = await openCaseForFinding(actor, {
        aimsId: state.aimsId,
        title: `Internal audit finding on ${itemId}`,
        description: finding.evidence,
        source: 'internal_audit',
        severity: finding.result === 'major_nc' ? 'major' : 'minor',
        ownerId: finding.ownerId!,
        raisedBy: actor.id,
        clauseRef: itemId,
        auditId: state.id,
        raisedOn,
      });
      finding.caseId = caseId;
      change(actor, 'case_opened', null, { itemId, caseId });
    }
    change(actor, 'fieldwork_completed', { status: 'fieldwork' }, { status: 'reporting' });
    state.status = 'reporting';
    const report = await book.create(
      { step: 'report', title: 'Write and submit the audit report', owner: { id: state.leadAuditorId! }, deadline: { kind: 'date', dueDate: prepared.reportDue }, approval: 'manager' },
      actor,
    );
    await save();
    await book.announce(report);
  });

  const checkReport = (actor: Actor) => {
    stepTask('report');
    assertLead(actor);
  };
  command(def.submitReportUpdate, (actor) => checkReport(actor), async (actor, { summary }) => {
    checkReport(actor);
    book.finish(stepTask('report'), 'done', actor);
    state.reportSummary = summary;
    state.reportedAt = nowIso();
    change(actor, 'reported', { status: 'reporting' }, { status: 'reported', summary });
    state.status = 'reported';
    await save();
    await outboundActivities.sendAuditEmail({ auditId: state.id, kind: 'report', at: nowIso() });
  });

  registerTaskCommands(command, book, save, {
    apply: async (task, ownerId) => {
      if (task.step === 'audit_team') return;
      const problem = await acts.checkAuditTeam({ leadAuditorId: ownerId, auditeeIds: state.auditeeIds });
      if (problem) throw invalid(problem);
      state.leadAuditorId = ownerId;
    },
  });

  change(null, 'planned', null, { scope: state.scope, fieldworkStart: state.fieldworkStart, fieldworkEnd: state.fieldworkEnd });
  await save();
  const team = await book.create(
    { step: 'audit_team', title: 'Name the lead auditor and the auditees', owner: { programmeManager: true }, deadline: { kind: 'date', dueDate: prepared.teamDue }, approval: 'manager' },
    null,
  );
  await save();
  recorded = true;
  await book.announce(team);

  await condition(() => state.status === 'reported' || state.status === 'cancelled');
  await condition(allHandlersFinished);
  return state;
}
