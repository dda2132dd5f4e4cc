import { patched } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { isNonconformity, type AuditState } from '../../domain/audit';
import type { TaskState } from '../../domain/task';
import { outboundActivities, recordActivities } from '../lib/activities';
import { invalid } from '../lib/failures';
import { nowIso } from '../lib/now';
import { openCaseForFinding } from '../lib/open-case';
import { registerTaskCommands } from '../tasks/task-commands';
import type { TaskItemWorkflow } from '../tasks/task-item-workflow';
import * as def from './audit.definitions';
import * as rules from './internal-audit.rules';

/** The audit's kit, with the report's due date its preparation computed. */
export interface AuditWorkflow extends TaskItemWorkflow<AuditState> {
  reportDue: string;
}

/** The audit's commands: name the team, record results, complete fieldwork, submit the report. */
export function registerAuditCommands(a: AuditWorkflow): void {
  const { state, command } = a;
  command(
    def.assignAuditTeamUpdate,
    (actor, team) => rules.checkTeam(state, actor, team),
    (actor, team) => assignTeam(a, actor, team),
  );
  command(
    def.recordResultsUpdate,
    (actor, { results }) => rules.checkResults(state, actor, results, Date.now()),
    (actor, { results }) => recordResults(a, actor, results),
  );
  command(
    def.completeFieldworkUpdate,
    (actor) => rules.checkFieldworkDone(state, actor),
    (actor, _args, task) => completeFieldwork(a, actor, task),
  );
  command(
    def.submitReportUpdate,
    (actor) => rules.checkReport(state, actor),
    (actor, { summary }, task) => submitReport(a, actor, summary, task),
  );

  registerTaskCommands(command, a.book, a.save, {
    auditTeam: (task, ownerId) => (task.step === 'audit_team' ? null : { leadAuditorId: ownerId, auditeeIds: state.auditeeIds }),
    apply: async (task, ownerId) => {
      if (task.step === 'audit_team') return;
      const problem = await recordActivities.checkAuditTeam({ leadAuditorId: ownerId, auditeeIds: state.auditeeIds });
      if (problem) throw invalid(problem);
      state.leadAuditorId = ownerId;
    },
  });
}

async function assignTeam(a: AuditWorkflow, actor: Actor, team: rules.AuditTeam) {
  const { state, book, change, save } = a;
  const problem = await recordActivities.checkAuditTeam(team);
  if (problem) throw invalid(problem);
  const task = rules.stepTask(state, 'audit_team');
  state.leadAuditorId = team.leadAuditorId;
  state.auditeeIds = team.auditeeIds;
  book.finish(task, 'done', actor);
  change(actor, 'team_assigned', { status: 'planning' }, { status: 'fieldwork', ...team });
  state.status = 'fieldwork';
  // Asked for before the fieldwork task, whose assignment its save queues as it is made: the notice goes first, as before.
  const noticeQueued = askWithSave(a, 'notice');
  const fieldwork = await book.create(
    {
      step: 'fieldwork',
      title: 'Record the checklist results',
      owner: { id: team.leadAuditorId },
      deadline: { kind: 'date', dueDate: state.fieldworkEnd },
      approval: 'manager',
    },
    actor,
  );
  await save();
  if (!noticeQueued) await sendAuditEmail(a, 'notice');
  await book.announce(fieldwork);
}

async function recordResults({ state, change, save }: AuditWorkflow, actor: Actor, results: def.ResultEntry[]) {
  for (const r of results) {
    const before = state.results[r.itemId] ?? null;
    state.results[r.itemId] = { result: r.result, evidence: r.evidence, ownerId: r.ownerId, caseId: null, recordedBy: actor.id, recordedAt: nowIso() };
    change(actor, 'result_recorded', before, { itemId: r.itemId, result: r.result, evidence: r.evidence });
  }
  await save();
}

/** Every nonconformity found opens its corrective-action case; then the report is due. */
async function completeFieldwork({ state, book, change, save, reportDue }: AuditWorkflow, actor: Actor, fieldwork: TaskState) {
  book.finish(fieldwork, 'done', actor);
  const raisedOn = await recordActivities.aimsToday({ aimsId: state.aimsId, at: nowIso() });
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
    {
      step: 'report',
      title: 'Write and submit the audit report',
      owner: { id: state.leadAuditorId! },
      deadline: { kind: 'date', dueDate: reportDue },
      approval: 'manager',
    },
    actor,
  );
  await save();
  await book.announce(report);
}

async function submitReport(a: AuditWorkflow, actor: Actor, summary: string, report: TaskState) {
  const { state, book, change, save } = a;
  book.finish(report, 'done', actor);
  state.reportSummary = summary;
  state.reportedAt = nowIso();
  change(actor, 'reported', { status: 'reporting' }, { status: 'reported', summary });
  state.status = 'reported';
  const reportQueued = askWithSave(a, 'report');
  await save();
  if (!reportQueued) await sendAuditEmail(a, 'report');
}

/** Since 'email-outbox' the notice or report goes with the command's save (`TaskBook.askWithSave`), sent by the outbox sender. */
function askWithSave({ state, book, host }: AuditWorkflow, kind: 'notice' | 'report'): boolean {
  return book.askWithSave({ type: 'audit_email', auditId: state.id, kind, at: nowIso(), workflowId: state.workflowId, itemLabel: host.itemTitle() });
}

/**
 * The notice or the report, once the change is saved. Since 'audit-email-after-answer' the
 * command does not wait for it: it joins the item's sends after the answer (`lib/after-answer.ts`,
 * ahead of the task emails the command asks for next, as before), so the answer never waits for
 * a mail relay. The email is rendered from the record when it is sent; its exactly-once key is
 * the audit and kind, as before. Histories recorded before the patch awaited it inside the
 * command and replay that way.
 */
function sendAuditEmail({ state, host }: AuditWorkflow, kind: 'notice' | 'report'): Promise<unknown> {
  const input = { auditId: state.id, kind, at: nowIso() };
  const send = () => outboundActivities.sendAuditEmail(input);
  if (!patched('audit-email-after-answer')) return send();
  host.afterAnswer.send({ itemType: 'audit', itemId: state.id, itemLabel: host.itemTitle(), step: `send_${kind}` }, send);
  return Promise.resolve();
}
