// The activities of the shape floor S: every activity the case workflow calls answers at once
// with a minimal valid result of its real type (no database, no SMTP, no calendar), so that a
// case lifecycle on them costs what the workflow itself costs Temporal (its updates, local-
// activity markers, timers, workflow tasks) and nothing of ours.
import { ApplicationFailure } from '@temporalio/common';
import type { Activities } from '../../activities';
import type { PlannedNotification } from '../../domain/task';
import type { CaseStatus } from '../../domain/nc-case';

/** What the no-op save keeps of each case, in memory: the driver reads a command's outcome and the action's id from it, as A reads the record. */
export class ShapeRecord {
  private readonly cases = new Map<string, { status: CaseStatus; actionIds: string[] }>();
  private lastNumber = 0;

  save(state: { workflowId: string; status: CaseStatus; actions: { id: string }[] }): { number: number } {
    this.cases.set(state.workflowId, { status: state.status, actionIds: state.actions.map((a) => a.id) });
    this.lastNumber += 1;
    return { number: this.lastNumber };
  }

  of(workflowId: string): { status: CaseStatus; actionIds: string[] } | undefined {
    return this.cases.get(workflowId);
  }

  forget(workflowId: string): void {
    this.cases.delete(workflowId);
  }
}

const DAY_MS = 86_400_000;

/** A due date without the calendar: two weeks after the event (a case step's deadline is some working days ahead). */
const dueDateAfter = (eventAt: string) => new Date(Date.parse(eventAt) + 14 * DAY_MS).toISOString().slice(0, 10);

/**
 * One reminder on the due date, as the real planner gives a fresh task a first reminder some
 * days ahead: the task's loop sleeps on a timer until the task is done, as in A.
 */
function firstPlan(recipientId: string, dueDate: string, after: string): PlannedNotification[] {
  const at = `${dueDate}T08:00:00.000Z`;
  return Date.parse(at) > Date.parse(after) ? [{ kind: 'reminder', at, recipientId, detail: '0' }] : [];
}

/** An activity no case lifecycle calls: it fails at once, naming itself, rather than leave a command hanging. */
const unused = (name: keyof Activities) => async (): Promise<never> => {
  throw ApplicationFailure.nonRetryable(`the shape floor has no no-op for activity ${name} (bench/shape-floor/noop-activities.ts)`, 'ShapeFloorUnusedActivity');
};

/**
 * Every activity of the product (`Activities`): a new one is a type error here until it is
 * given a no-op or marked unused. `programmeManagerId` is who a programme manager's task goes to.
 */
export function noopActivities(record: ShapeRecord, programmeManagerId: string): Activities {
  return {
    saveCase: async ({ state }) => record.save(state),
    saveCasePreparingTasks: async ({ state, prepare }) => {
      const prepared: Awaited<ReturnType<Activities['saveCasePreparingTasks']>>['prepared'] = {};
      for (const { taskId, owner, deadline, eventAt, escalateTo } of prepare) {
        const ownerId = 'id' in owner ? owner.id : programmeManagerId;
        const dueDate = deadline.kind === 'date' ? deadline.dueDate : dueDateAfter(eventAt);
        prepared[taskId] = { ownerId, dueDate, ownerManagerId: escalateTo ?? null, maxExtensions: 2, plan: firstPlan(ownerId, dueDate, eventAt) };
      }
      return { saved: record.save(state), prepared };
    },
    prepareTask: async ({ owner, deadline, eventAt }) => ({
      ownerId: 'id' in owner ? owner.id : programmeManagerId,
      dueDate: deadline.kind === 'date' ? deadline.dueDate : dueDateAfter(eventAt),
      ownerManagerId: null,
      maxExtensions: 2,
    }),
    planNextTaskNotifications: async ({ task, after }) => firstPlan(task.ownerId, task.dueDate, after),
    sendTaskEvent: async () => 'sent',
    sendTaskNotification: async () => 'sent',
    managerOf: async () => null,
    sendEmail: unused('sendEmail'),
    startWorkflow: unused('startWorkflow'),
    aimsToday: unused('aimsToday'),
    planOccurrence: unused('planOccurrence'),
    prepareAudit: unused('prepareAudit'),
    checkAuditTeam: unused('checkAuditTeam'),
    saveAudit: unused('saveAudit'),
    saveAuditPreparingTasks: unused('saveAuditPreparingTasks'),
    saveProgramme: unused('saveProgramme'),
    sendAuditEmail: unused('sendAuditEmail'),
    planCertification: unused('planCertification'),
    prepareExternalFindings: unused('prepareExternalFindings'),
    saveCertification: unused('saveCertification'),
    saveCertificationPreparingTasks: unused('saveCertificationPreparingTasks'),
    planReview: unused('planReview'),
    saveReview: unused('saveReview'),
    saveReviewPreparingTasks: unused('saveReviewPreparingTasks'),
    saveReviewCycle: unused('saveReviewCycle'),
    storeReviewPack: unused('storeReviewPack'),
    sendReviewInvitation: unused('sendReviewInvitation'),
    planNextDigestRun: unused('planNextDigestRun'),
    sendDueDigests: unused('sendDueDigests'),
    recordAttention: unused('recordAttention'),
    resolveAttention: unused('resolveAttention'),
    planAiAssessment: unused('planAiAssessment'),
    saveAiSystem: unused('saveAiSystem'),
    saveAiSystemPreparingTasks: unused('saveAiSystemPreparingTasks'),
    planDocument: unused('planDocument'),
    resolveAudience: unused('resolveAudience'),
    saveDocument: unused('saveDocument'),
    saveDocumentPreparingTasks: unused('saveDocumentPreparingTasks'),
    planSupplierReview: unused('planSupplierReview'),
    saveSupplier: unused('saveSupplier'),
    saveSupplierPreparingTasks: unused('saveSupplierPreparingTasks'),
    planReadinessSnapshot: unused('planReadinessSnapshot'),
    takeReadinessSnapshot: unused('takeReadinessSnapshot'),
    buildEvidencePackage: unused('buildEvidencePackage'),
    failEvidencePackage: unused('failEvidencePackage'),
    terminateOrganisationWorkflows: unused('terminateOrganisationWorkflows'),
    eraseOrganisationRecord: unused('eraseOrganisationRecord'),
    finishOrganisationDeletion: unused('finishOrganisationDeletion'),
  };
}
