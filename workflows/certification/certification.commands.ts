import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { CertificationState, ExternalAuditRecord } from '../../domain/certification';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { openCaseForFinding } from '../lib/open-case';
import { registerTaskCommands } from '../tasks/task-commands';
import type { TaskItemWorkflow } from '../tasks/task-item-workflow';
import * as def from './certification.definitions';
import * as rules from './certification.rules';

/** The certification's kit, with what its timer loop watches. */
export interface CertificationWorkflow extends TaskItemWorkflow<CertificationState> {
  /** `planVersion` is bumped by every save (the loop plans again); `continueNow` ends the run at a cycle boundary. */
  run: { planVersion: number; continueNow: boolean };
}

export const snapshot = (state: CertificationState) => ({ status: state.status, cycle: state.cycle, expiry: state.plan?.expiry ?? null });

/** The certification's commands: body, stage 1 and 2, decision, external audits, restoration, its tasks. */
export function registerCertificationCommands(c: CertificationWorkflow): void {
  const { state, command } = c;
  command(
    def.recordCertificationBodyUpdate,
    (actor, { name }) => rules.checkCertificationBody(state, actor, name),
    (actor, { name }) => recordBody(c, actor, name),
  );
  command(
    def.recordStage1Update,
    (actor) => rules.checkStage1(state, actor),
    (actor, s) => recordStage(c, actor, 'stage1', s),
  );
  command(
    def.recordStage2Update,
    (actor, s) => rules.checkStage2(state, actor, s),
    (actor, s) => recordStage(c, actor, 'stage2', s),
  );
  command(
    def.recordDecisionUpdate,
    (actor, d) => rules.checkDecision(state, actor, d),
    async (actor, d) => {
      state.decisionDate = d.date;
      await startCycle(c, actor, d.date, 'certified', { decisionDate: d.date, certificationBody: state.certificationBody });
    },
  );
  command(
    def.recordExternalAuditUpdate,
    (actor, a) => rules.checkExternalAudit(state, actor, a),
    (actor, a) => recordExternalAudit(c, actor, a),
  );
  command(
    def.restoreCertificationUpdate,
    (actor, r) => rules.checkRestore(state, actor, r),
    async (actor, r) => {
      await startCycle(c, actor, state.plan!.expiry, 'restored', { restoredOn: r.date, reason: r.reason });
    },
  );
  command(
    def.completeCertificationTaskUpdate,
    (actor, t) => rules.checkCompleteTask(state, actor, t.taskId),
    async (actor, _t, task) => {
      c.book.finish(task, 'done', actor);
      await c.save();
    },
  );
  registerTaskCommands(command, c.book, c.save);
}

async function recordBody({ state, change, save }: CertificationWorkflow, actor: Actor, name: string) {
  change(actor, 'certification_body_recorded', { certificationBody: state.certificationBody }, { certificationBody: name });
  state.certificationBody = name;
  await save();
}

async function recordStage(
  { state, change, save }: CertificationWorkflow,
  actor: Actor,
  stage: 'stage1' | 'stage2',
  s: Omit<NonNullable<CertificationState['stage1']>, 'recordedBy'>,
) {
  const before = state[stage];
  state[stage] = { ...s, recordedBy: actor.id };
  change(actor, `${stage}_recorded`, before, state[stage]);
  await save();
}

/** Its nonconformities open cases; a passed recertification starts the next cycle from the old expiry. */
async function recordExternalAudit(c: CertificationWorkflow, actor: Actor, a: def.ExternalAuditEntry) {
  const { state, book, change, save } = c;
  const audit: ExternalAuditRecord = { id: uuid4(), kind: a.kind, date: a.date, outcome: a.outcome, findings: [], recordedBy: actor.id, recordedAt: nowIso() };
  const prepared = await recordActivities.prepareExternalFindings({ aimsId: state.aimsId, auditDate: a.date, at: nowIso() });
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
    await startCycle(c, actor, state.plan!.expiry, 'recertified', { auditId: audit.id, auditDate: a.date });
  } else {
    await save();
  }
  return { auditId: audit.id, caseIds: audit.findings.map((f) => f.caseId) };
}

/** A new three-year cycle from `cycleStart`: planned by the activity, then a fresh run. */
async function startCycle(
  { state, book, change, save, run }: CertificationWorkflow,
  actor: Actor | null,
  cycleStart: string,
  action: string,
  extra: Record<string, unknown>,
): Promise<void> {
  const before = snapshot(state);
  state.plan = await recordActivities.planCertification({ aimsId: state.aimsId, cycleStart });
  state.status = 'certified';
  state.cycle += 1;
  state.externalAudits = [];
  state.createdTasks = [];
  for (const task of book.openTasks()) book.finish(task, 'cancelled', actor);
  change(actor, action, before, { ...snapshot(state), cycleStart, ...extra });
  await save();
  run.continueNow = true;
}
