import type { Db } from '../../db/database';
import { caseNumberFor, upsertActions, upsertCase, type NewAction, type NewCase } from '../../db/repositories/case.repository';
import { saveItem } from '../../db/save-item';
import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import { referringTo } from '../tasks/task-event-emails';
import type { CaseDetails, CaseState } from '../../domain/nc-case';
import type { WorkflowChange } from '../../domain/workflow-change';

export interface SaveCaseResult {
  number: number;
}

/**
 * Writes the case, its actions and tasks, and the audit entries of the change, in one
 * transaction, through the save protocol. The first save takes the case's number from its
 * AIMS's counter in that same transaction.
 */
export function createSaveCase({ db }: { db: Db }) {
  return async function saveCase(input: { state: CaseState; changes: WorkflowChange[]; emails?: QueuedEmail[] }): Promise<SaveCaseResult> {
    const { state } = input;
    return db.transaction().execute(async (trx) => {
      // The workflow holds the number from the first save's answer: only that save asks for one.
      const number = state.number ?? (await caseNumberFor(trx, state.id, state.aimsId));
      const saved = await saveItem(trx, {
        workflowId: state.workflowId,
        aimsId: state.aimsId,
        changes: input.changes,
        // A new case learns its number in this transaction: its first emails name it.
        emails: input.emails && referringTo(input.emails, `NC-${number}`),
        upsert: (t) => upsertCase(t, caseRow(state, number)),
        afterSaved: (t) => upsertActions(t, actionRows(state)),
        tasks: { list: Object.values(state.tasks), version: state.version },
      });
      return { number: saved?.number ?? number };
    });
  };
}

function caseRow(state: CaseState, number: number): NewCase {
  const details = {
    containment: state.containment,
    rootCauses: state.rootCauses,
    effectivenessReviews: state.effectivenessReviews,
    cancelReason: state.cancelReason,
  } satisfies CaseDetails;
  return {
    id: state.id,
    aims_id: state.aimsId,
    workflow_id: state.workflowId,
    title: state.title,
    description: state.description,
    source: state.source,
    severity: state.severity,
    status: state.status,
    owner_id: state.ownerId,
    verifier_id: state.verifierId,
    raised_by: state.raisedBy,
    raised_on: state.raisedOn,
    clause_ref: state.clauseRef,
    audit_id: state.auditId,
    iteration: state.iteration,
    closed_at: state.closedAt ? new Date(state.closedAt) : null,
    version: state.version,
    updated_at: new Date(),
    number,
    details: JSON.stringify(details),
  };
}

/** An action's owner, due date and status are its task's. */
function actionRows(state: CaseState): NewAction[] {
  return state.actions.map((action) => {
    const task = state.tasks[action.taskId]!;
    return {
      id: action.id,
      case_id: state.id,
      task_id: action.taskId,
      iteration: action.iteration,
      title: action.title,
      owner_id: task.ownerId,
      due_date: task.dueDate,
      status: task.status,
      evidence: action.evidence,
      completed_at: action.completedAt ? new Date(action.completedAt) : null,
    };
  });
}
