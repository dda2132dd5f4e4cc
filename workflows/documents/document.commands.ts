import { uuid4 } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { REVIEW_STEP, acknowledgeStep, approveVersionStep, approvedVersion, reviseStep, type DocumentState, type DocumentVersion } from '../../domain/document';
import type { TaskState } from '../../domain/task';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { registerEntryCommands, type RegisterEntryWorkflow } from '../tasks/register-entry-workflow';
import * as def from './document.definitions';
import * as rules from './document.rules';

/** The document's kit (`tasks/register-entry-workflow.ts`). */
export type DocumentWorkflow = RegisterEntryWorkflow<DocumentState>;

/** The document's commands: register facts, versions and their approval, acknowledgement, retirement. */
export function registerDocumentCommands(c: DocumentWorkflow): void {
  const { state, command } = c;
  registerEntryCommands(c, {
    update: def.updateDocumentUpdate,
    updateIs: 'changes its register entry',
    retire: def.retireDocumentUpdate,
    rules,
    clearPlan: () => {
      state.nextReview = null;
      state.reviewDue = null;
    },
  });
  command(
    def.submitVersionUpdate,
    (actor) => rules.checkSubmit(state, actor),
    (actor, v) => submitVersion(c, actor, v),
  );
  command(
    def.approveVersionUpdate,
    (actor) => rules.checkDecision(state, actor),
    (actor, _a, version) => approve(c, actor, version),
  );
  command(
    def.rejectVersionUpdate,
    (actor) => rules.checkDecision(state, actor),
    (actor, r, version) => reject(c, actor, version, r.reason),
  );
  command(
    def.acknowledgeVersionUpdate,
    (actor) => rules.checkAcknowledge(state, actor),
    async (actor, _a, task) => {
      const version = approvedVersion(state)!;
      version.acknowledgements.push({ personId: actor.id, at: nowIso() });
      c.book.finish(task, 'done', actor, 'acknowledged');
      await c.save();
    },
  );
}

/** The status the document's versions and review give it, once nothing waits for approvers. */
function settledStatus(state: DocumentState): DocumentState['status'] {
  if (!approvedVersion(state)) return 'draft';
  return state.reviewDue ? 'due_for_review' : 'approved';
}

function finishSteps(c: DocumentWorkflow, matches: (step: string) => boolean, status: 'done' | 'cancelled', actor: Actor | null): void {
  for (const task of c.book.openTasks()) if (matches(task.step)) c.book.finish(task, status, actor);
}

/**
 * A new version goes to every approver as a task; the owner's open review or revision task is
 * done by it (a review that changes nothing is still a version: the same link, "no change").
 */
async function submitVersion(c: DocumentWorkflow, actor: Actor, v: def.NewVersion) {
  const { state, book } = c;
  const plan = await recordActivities.planDocument({ aimsId: state.aimsId, at: nowIso() });
  const version: DocumentVersion = {
    id: uuid4(),
    number: (state.versions[0]?.number ?? 0) + 1,
    ...v,
    submittedBy: actor.id,
    submittedAt: nowIso(),
    status: 'in_review',
    approvals: [],
    rejection: null,
    approvedAt: null,
    approvedOn: null,
    audienceIds: [],
    acknowledgements: [],
  };
  state.versions.unshift(version);
  finishSteps(c, (step) => step === REVIEW_STEP || step.startsWith('revise:'), 'done', actor);
  const tasks: TaskState[] = [];
  for (const approverId of state.facts.approverIds) {
    tasks.push(
      await book.create(
        {
          step: approveVersionStep(version.id),
          title: `Approve version ${version.number} of "${state.facts.title}"`,
          owner: { id: approverId },
          deadline: { kind: 'date', dueDate: plan.approvalDue },
          approval: 'manager',
        },
        actor,
      ),
    );
  }
  const before = state.status;
  state.status = 'in_review';
  c.change(
    actor,
    'version_submitted',
    { status: before },
    {
      status: 'in_review',
      version: version.number,
      ...(version.fileId ? { fileId: version.fileId } : { link: version.link }),
      changeSummary: version.changeSummary,
    },
  );
  await c.save();
  for (const task of tasks) await book.announce(task);
  return { versionId: version.id };
}

/**
 * One approver's approval. With every approver's, the version is in force: the one before is
 * superseded (its unread acknowledgements cancelled), the next review is planned from today at
 * the document's interval, and the audience is asked to acknowledge it.
 */
async function approve(c: DocumentWorkflow, actor: Actor, version: DocumentVersion) {
  const { state, book } = c;
  version.approvals.push({ personId: actor.id, at: nowIso() });
  const task = rules.approvalTaskOf(state, version.id, actor.id);
  if (task) book.finish(task, 'done', actor);
  c.change(actor, 'version_approved_by', null, { version: version.number });
  const approvedBy = new Set(version.approvals.map((a) => a.personId));
  if (!state.facts.approverIds.every((id) => approvedBy.has(id))) {
    await c.save();
    return;
  }
  const plan = await recordActivities.planDocument({ aimsId: state.aimsId, at: nowIso(), nextReviewMonths: state.facts.reviewMonths });
  const previous = approvedVersion(state);
  if (previous) {
    previous.status = 'superseded';
    finishSteps(c, (step) => step === acknowledgeStep(previous.id), 'cancelled', actor);
  }
  finishSteps(c, (step) => step === REVIEW_STEP || step === approveVersionStep(version.id), 'done', actor);
  version.status = 'approved';
  version.approvedAt = nowIso();
  version.approvedOn = plan.today;
  state.reviewDue = null;
  state.nextReview = plan.nextReview;
  state.status = 'approved';
  const readers: TaskState[] = [];
  if (version.toBeAcknowledged) {
    version.audienceIds = await recordActivities.resolveAudience(version.audience, state.aimsId);
    for (const personId of version.audienceIds) {
      readers.push(
        await book.create(
          {
            step: acknowledgeStep(version.id),
            title: `Read and acknowledge version ${version.number} of "${state.facts.title}"`,
            owner: { id: personId },
            deadline: { kind: 'date', dueDate: plan.acknowledgementDue },
            approval: 'manager',
          },
          actor,
        ),
      );
    }
  }
  c.change(actor, 'version_approved', null, {
    version: version.number,
    approvedOn: plan.today,
    nextReviewDue: plan.nextReview?.dueDate ?? null,
    audience: version.audienceIds.length,
  });
  await c.save();
  for (const reader of readers) await book.announce(reader);
}

/** A rejection returns the version to the owner as a revision task carrying the reason; the other approvers' tasks end. */
async function reject(c: DocumentWorkflow, actor: Actor, version: DocumentVersion, reason: string) {
  const { state, book } = c;
  const plan = await recordActivities.planDocument({ aimsId: state.aimsId, at: nowIso() });
  version.status = 'rejected';
  version.rejection = { personId: actor.id, at: nowIso(), reason };
  const own = rules.approvalTaskOf(state, version.id, actor.id);
  if (own) book.finish(own, 'done', actor);
  finishSteps(c, (step) => step === approveVersionStep(version.id), 'cancelled', actor);
  const shortReason = reason.length > 200 ? `${reason.slice(0, 199)}…` : reason;
  const revision = await book.create(
    {
      step: reviseStep(version.id),
      title: `Revise "${state.facts.title}": version ${version.number} was rejected: ${shortReason.replace(/\s+/g, ' ')}`,
      owner: { id: state.facts.ownerId },
      deadline: { kind: 'date', dueDate: plan.revisionDue },
      approval: 'manager',
    },
    actor,
  );
  state.status = settledStatus(state);
  c.change(actor, 'version_rejected', { status: 'in_review' }, { status: state.status, version: version.number, reason });
  await c.save();
  await book.announce(revision);
}

/** The planned review opens: a task for the owner, due on the review date; the document is due for review. */
export async function openReview(c: DocumentWorkflow, due: string): Promise<void> {
  const { state, book } = c;
  // Idempotent, for an opening an operator retries after a failed save.
  const task =
    book.openTasks().find((t) => t.step === REVIEW_STEP) ??
    (await book.create(
      {
        step: REVIEW_STEP,
        title: `Review "${state.facts.title}" and submit it again (changed or not) for approval`,
        owner: { id: state.facts.ownerId },
        deadline: { kind: 'date', dueDate: due },
        approval: 'manager',
      },
      null,
    ));
  if (state.nextReview) {
    state.nextReview = null;
    state.reviewDue = due;
    if (state.status === 'approved') state.status = 'due_for_review';
    c.change(null, 'review_opened', null, { dueDate: due });
  }
  await c.save();
  await book.announce(task);
}
