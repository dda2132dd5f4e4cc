import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { riskLevel } from '../../domain/ai-risk';
import {
  approveStep,
  assessStep,
  type AiAssessmentKind,
  type AiChangeKind,
  type AiImpactInput,
  type AiRisk,
  type AiRiskInput,
  type AiSystemState,
  type AssessmentCycle,
} from '../../domain/ai-system';
import type { TaskState } from '../../domain/task';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { openCaseForFinding } from '../lib/open-case';
import { registerEntryCommands, type RegisterEntryWorkflow } from '../tasks/register-entry-workflow';
import * as def from './ai-system.definitions';
import * as rules from './ai-system.rules';

/** The AI system's kit (`tasks/register-entry-workflow.ts`). */
export type AiSystemWorkflow = RegisterEntryWorkflow<AiSystemState>;

const KIND_LABEL: Record<AiAssessmentKind, string> = { risk: 'AI risk assessment', impact: 'AI system impact assessment' };

/** The AI system's commands: register facts, significant changes, retirement, assessments, approvals, treatment actions. */
export function registerAiSystemCommands(c: AiSystemWorkflow): void {
  const { state, command } = c;
  registerEntryCommands(c, {
    update: def.updateAiSystemUpdate,
    updateIs: 'updates the register',
    retire: def.retireAiSystemUpdate,
    rules,
    clearPlan: () => {
      state.nextPlanned = null;
    },
  });
  command(
    def.recordSignificantChangeUpdate,
    (actor) => rules.checkOwnerOrManager(state, actor, 'records a significant change'),
    (actor, change) => recordChange(c, actor, change),
  );
  command(
    def.submitRiskAssessmentUpdate,
    (actor, a) => {
      rules.checkSubmit(state, actor, 'risk');
      rules.checkRisks(a.risks);
    },
    (actor, a) => submitRisk(c, actor, a),
  );
  command(
    def.submitImpactAssessmentUpdate,
    (actor) => rules.checkSubmit(state, actor, 'impact'),
    (actor, a) => submitImpact(c, actor, a),
  );
  command(
    def.approveAssessmentUpdate,
    (actor, a) => rules.checkApprove(state, actor, a.kind, null),
    (actor, a) => approve(c, actor, a.kind),
  );
  command(
    def.completeTreatmentActionUpdate,
    (actor, t) => rules.checkTreatmentAction(state, actor, t.taskId),
    async (actor, _t, task) => {
      c.book.finish(task, 'done', actor);
      await c.save();
    },
  );
  command(
    def.raiseNonconformityUpdate,
    (actor) => rules.checkRaiseNonconformity(state, actor),
    (actor, nc) => raiseNonconformity(c, actor, nc),
  );
}

/** Opens a corrective-action case for what an assessment found (the open one, else the latest). */
async function raiseNonconformity(c: AiSystemWorkflow, actor: Actor, nc: def.RaisedNonconformity) {
  const { state } = c;
  const assessment = state.current ?? state.completed[0]!;
  const plan = await recordActivities.planAiAssessment({ aimsId: state.aimsId, at: nowIso(), planned: null });
  const caseId = await openCaseForFinding(actor, {
    aimsId: state.aimsId,
    title: nc.title,
    description: `${nc.description}\n\nFound by the assessment of AI system ${state.facts.name} (${assessment.id}).`,
    source: 'monitoring',
    severity: nc.severity,
    ownerId: nc.ownerId,
    raisedBy: actor.id,
    clauseRef: nc.clauseRef,
    auditId: null,
    raisedOn: plan.today,
  });
  c.change(actor, 'nonconformity_raised', null, { caseId, assessmentId: assessment.id, title: nc.title, severity: nc.severity });
  await c.save();
  return { caseId };
}

/**
 * Opens an assessment cycle at once: a risk and an impact assessment task for the system's
 * owner, both due on `dueDate`. Saved, then announced (assignment emails, timers).
 */
export async function openCycle(
  c: AiSystemWorkflow,
  actor: Actor | null,
  reason: AssessmentCycle['reason'],
  changeId: string | null,
  dueDate: string,
): Promise<void> {
  const { state, book } = c;
  // Idempotent, for the timed opening an operator retries after a failed save: a task or the
  // cycle made by the failed attempt is reused, not made twice.
  const tasks: TaskState[] = [];
  for (const kind of ['risk', 'impact'] as const) {
    const existing = book.openTasks().find((t) => t.step === assessStep(kind));
    tasks.push(
      existing ??
        (await book.create(
          {
            step: assessStep(kind),
            title: `${KIND_LABEL[kind]} of ${state.facts.name}`,
            owner: { id: state.facts.ownerId },
            deadline: { kind: 'date', dueDate },
            approval: 'manager',
          },
          actor,
        )),
    );
  }
  if (!state.current) {
    state.current = { id: uuid4(), reason, changeId, dueDate, openedAt: nowIso(), completedAt: null, completedOn: null, risk: null, impact: null };
    state.nextPlanned = null;
    c.change(actor, 'assessment_opened', null, { assessmentId: state.current.id, reason, changeId, dueDate });
  }
  await c.save();
  for (const task of tasks) await book.announce(task);
}

/**
 * A significant change is recorded; with no assessment open it opens one at once, due the
 * policy's working days from today. An open assessment covers it (its due date stays).
 */
async function recordChange(c: AiSystemWorkflow, actor: Actor, change: { kind: AiChangeKind; description: string }) {
  const { state } = c;
  const entry = { id: uuid4(), kind: change.kind, description: change.description, recordedBy: actor.id, recordedAt: nowIso() };
  state.changes.push(entry);
  c.change(actor, 'significant_change_recorded', null, entry);
  if (state.current) {
    await c.save();
    return { changeId: entry.id, opened: false };
  }
  const plan = await recordActivities.planAiAssessment({ aimsId: state.aimsId, at: nowIso(), planned: null });
  await openCycle(c, actor, 'significant_change', entry.id, plan.changeDue);
  return { changeId: entry.id, opened: true };
}

function finishStep(c: AiSystemWorkflow, step: string, actor: Actor): void {
  for (const task of c.book.openTasks()) if (task.step === step) c.book.finish(task, 'done', actor);
}

/** After submission: the assessor's task is done and the risk owner is asked to approve. */
async function askApproval(c: AiSystemWorkflow, actor: Actor, kind: AiAssessmentKind, approvalDue: string, extra: TaskState[]) {
  const { state, book } = c;
  finishStep(c, assessStep(kind), actor);
  const approval = await book.create(
    {
      step: approveStep(kind),
      title: `Approve the ${KIND_LABEL[kind]} of ${state.facts.name}`,
      owner: { id: state.facts.riskOwnerId },
      deadline: { kind: 'date', dueDate: approvalDue },
      approval: 'manager',
    },
    actor,
  );
  await c.save();
  for (const task of [...extra, approval]) await book.announce(task);
}

/** Levels from the AIMS's matrix; each action of a treated risk becomes a task of its owner. */
async function submitRisk(c: AiSystemWorkflow, actor: Actor, a: { risks: AiRiskInput[] }) {
  const { state, book } = c;
  const cycle = state.current!;
  const plan = await recordActivities.planAiAssessment({ aimsId: state.aimsId, at: nowIso(), planned: null });
  const actionTasks: TaskState[] = [];
  const risks: AiRisk[] = [];
  for (const [i, r] of a.risks.entries()) {
    const actions = [];
    for (const [j, action] of r.actions.entries()) {
      const task = await book.create(
        {
          step: `treat:${cycle.id}:${i}:${j}`,
          title: `Treat AI risk of ${state.facts.name}: ${action.title}`,
          owner: { id: action.ownerId },
          deadline: { kind: 'date', dueDate: action.dueDate },
          approval: 'manager',
        },
        actor,
      );
      actionTasks.push(task);
      actions.push({ ...action, taskId: task.id });
    }
    risks.push({
      ...r,
      actions,
      level: riskLevel(plan.matrix, r.likelihood, r.consequence),
      residualLevel: riskLevel(plan.matrix, r.residualLikelihood, r.residualConsequence),
    });
  }
  cycle.risk = { risks, submittedBy: actor.id, submittedAt: nowIso(), approvedBy: null, approvedAt: null };
  c.change(actor, 'risk_assessment_submitted', null, {
    assessmentId: cycle.id,
    risks: risks.map((r) => ({ description: r.description, level: r.level, treatment: r.treatment, residualLevel: r.residualLevel })),
  });
  await askApproval(c, actor, 'risk', plan.approvalDue, actionTasks);
}

async function submitImpact(c: AiSystemWorkflow, actor: Actor, a: { impacts: AiImpactInput[] }) {
  const { state } = c;
  const cycle = state.current!;
  const plan = await recordActivities.planAiAssessment({ aimsId: state.aimsId, at: nowIso(), planned: null });
  const impacts = a.impacts.map((i) => ({ ...i, level: riskLevel(plan.matrix, i.likelihood, i.severity) }));
  cycle.impact = { impacts, submittedBy: actor.id, submittedAt: nowIso(), approvedBy: null, approvedAt: null };
  c.change(actor, 'impact_assessment_submitted', null, { assessmentId: cycle.id, impacts: impacts.map((i) => ({ dimension: i.dimension, level: i.level })) });
  await askApproval(c, actor, 'impact', plan.approvalDue, []);
}

/**
 * The risk owner approves (policy: not the assessor). With both kinds approved the cycle is
 * complete, and the next planned assessment counts from today, the day of completion.
 */
async function approve(c: AiSystemWorkflow, actor: Actor, kind: AiAssessmentKind) {
  const { state } = c;
  const cycle = state.current!;
  const bothApproved = () => cycle.risk?.approvedAt && cycle.impact?.approvedAt;
  const completing = kind === 'risk' ? cycle.impact?.approvedAt : cycle.risk?.approvedAt;
  const plan = await recordActivities.planAiAssessment({
    aimsId: state.aimsId,
    at: nowIso(),
    planned: completing ? { fromToday: true, months: state.facts.reassessmentMonths } : null,
  });
  rules.checkApprove(state, actor, kind, plan.approverDiffersFromAssessor);
  const submission = cycle[kind]!;
  submission.approvedBy = actor.id;
  submission.approvedAt = nowIso();
  finishStep(c, approveStep(kind), actor);
  c.change(actor, `${kind}_assessment_approved`, null, { assessmentId: cycle.id });
  if (bothApproved()) {
    cycle.completedAt = nowIso();
    cycle.completedOn = plan.today;
    state.completed.unshift(cycle);
    state.current = null;
    state.nextPlanned = plan.planned;
    c.change(actor, 'assessment_completed', null, { assessmentId: cycle.id, completedOn: plan.today, nextPlannedDue: plan.planned?.dueDate ?? null });
  }
  await c.save();
}
