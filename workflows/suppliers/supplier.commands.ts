import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { SUPPLIER_REVIEW_STEP, type SupplierFacts, type SupplierState } from '../../domain/supplier';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { openCaseForFinding } from '../lib/open-case';
import { applyFactChanges, registerEntryCommands, type RegisterEntryWorkflow } from '../tasks/register-entry-workflow';
import * as def from './supplier.definitions';
import * as rules from './supplier.rules';

/** The supplier's kit (`tasks/register-entry-workflow.ts`). */
export type SupplierWorkflow = RegisterEntryWorkflow<SupplierState>;

export function registerSupplierCommands(c: SupplierWorkflow): void {
  const { state, command } = c;
  registerEntryCommands(c, {
    update: def.updateSupplierUpdate,
    updateIs: 'changes its register entry',
    retire: def.retireSupplierUpdate,
    rules,
    updateFacts: (actor, facts) => updateFacts(c, actor, facts),
    clearPlan: () => {
      state.nextReview = null;
      state.reviewDue = null;
    },
  });
  command(
    def.recordSupplierReviewUpdate,
    (actor) => rules.checkOwnerOrManager(state, actor, 'records its review'),
    (actor, review) => recordReview(c, actor, review),
  );
}

/**
 * A changed criticality changes the interval: a review not yet opened is planned again, the
 * new interval after today (an open review keeps its date; the next one counts from it).
 */
async function updateFacts(c: SupplierWorkflow, actor: Actor, facts: Partial<SupplierFacts>) {
  const { state } = c;
  const changed = applyFactChanges(state, facts);
  if (!changed) return;
  const { before, after } = changed;
  if ('criticality' in after && state.nextReview) {
    const plan = await recordActivities.planSupplierReview({
      aimsId: state.aimsId,
      at: nowIso(),
      next: { criticality: state.facts.criticality, dueDate: null },
    });
    state.nextReview = plan.nextReview;
    after.nextReviewDue = plan.nextReview.dueDate;
  }
  c.change(actor, 'updated', before, after);
  await c.save();
}

/**
 * A review's record: the open review task is done, a failed review raises a nonconformity
 * (A.10.3) through the case workflow, and the next review counts from today.
 */
async function recordReview(c: SupplierWorkflow, actor: Actor, review: def.SupplierReviewInput) {
  const { state, book } = c;
  const plan = await recordActivities.planSupplierReview({ aimsId: state.aimsId, at: nowIso(), next: { criticality: state.facts.criticality, dueDate: null } });
  let caseId: string | null = null;
  if (review.outcome === 'fail') {
    caseId = await openCaseForFinding(actor, {
      aimsId: state.aimsId,
      title: `Supplier ${state.facts.name} failed its review`,
      description: review.findings,
      source: 'monitoring',
      severity: review.ncSeverity,
      ownerId: state.facts.ownerId,
      raisedBy: actor.id,
      clauseRef: 'A.10.3',
      auditId: null,
      raisedOn: plan.today,
    });
  }
  const record = {
    id: uuid4(),
    dueDate: state.reviewDue,
    completedAt: nowIso(),
    completedOn: plan.today,
    reviewedBy: actor.id,
    outcome: review.outcome,
    findings: review.findings,
    caseId,
  };
  state.reviews.unshift(record);
  for (const task of book.openTasks()) if (task.step === SUPPLIER_REVIEW_STEP) book.finish(task, 'done', actor);
  state.reviewDue = null;
  state.nextReview = plan.nextReview;
  c.change(actor, 'reviewed', null, { outcome: review.outcome, completedOn: plan.today, caseId, nextReviewDue: plan.nextReview.dueDate });
  await c.save();
  return { caseId };
}

/** The planned review opens: a task for the owner, due on the review date. */
export async function openReview(c: SupplierWorkflow, due: string): Promise<void> {
  const { state, book } = c;
  const task =
    book.openTasks().find((t) => t.step === SUPPLIER_REVIEW_STEP) ??
    (await book.create(
      {
        step: SUPPLIER_REVIEW_STEP,
        title: `Review supplier ${state.facts.name} (${state.facts.criticality})`,
        owner: { id: state.facts.ownerId },
        deadline: { kind: 'date', dueDate: due },
        approval: 'manager',
      },
      null,
    ));
  if (state.nextReview) {
    state.nextReview = null;
    state.reviewDue = due;
    c.change(null, 'review_opened', null, { dueDate: due });
  }
  await c.save();
  await book.announce(task);
}
