import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/database';
import { appendChanges } from '../append-changes';
import type { CaseDetails, CaseState } from '../../domain/nc-case';
import type { TaskState } from '../../domain/task';

/** One entry of the audit trail as the workflow describes it; `seq` makes it idempotent. */
export interface WorkflowChange {
  seq: number;
  actorId: string | null;
  actorLabel: string;
  at: string;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export interface SaveCaseResult {
  number: number;
}

/**
 * Writes the case, its actions and tasks, and the audit entries of the change, in one
 * transaction. Older snapshots never overwrite newer ones (version guard), and entries already
 * written by an earlier attempt are skipped, so the activity can be retried at any point.
 */
export function createSaveCase({ db }: { db: Db }) {
  return async function saveCase(input: { state: CaseState; changes: WorkflowChange[] }): Promise<SaveCaseResult> {
    const { state } = input;
    return db.transaction().execute(async (trx) => {
      const { details, ...row } = caseRow(state);
      const number = await numberOf(trx, state);
      const saved = await trx
        .insertInto('nc_cases')
        .values({ ...row, number, details: JSON.stringify(details) })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({
              status: eb.ref('excluded.status'),
              owner_id: eb.ref('excluded.owner_id'),
              verifier_id: eb.ref('excluded.verifier_id'),
              iteration: eb.ref('excluded.iteration'),
              details: eb.ref('excluded.details'),
              closed_at: eb.ref('excluded.closed_at'),
              version: eb.ref('excluded.version'),
              updated_at: eb.ref('excluded.updated_at'),
            }))
            .where('nc_cases.version', '<', state.version),
        )
        .returning('number')
        .executeTakeFirst();
      if (saved) {
        await saveActions(trx, state);
        await saveTasks(trx, Object.values(state.tasks), state.version);
      }
      await appendChanges(trx, state.workflowId, input.changes);
      return { number: saved?.number ?? number };
    });
  };
}

/**
 * The case's number: the one it has, or for its first save the next of its AIMS. The AIMS row is
 * locked before looking again, so two first saves (a retry racing an attempt that timed out)
 * cannot both take a number; and the counter is raised in this transaction, so an insert that
 * fails or rolls back gives its number back.
 */
async function numberOf(trx: DbOrTrx, state: CaseState): Promise<number> {
  const existing = async () => (await trx.selectFrom('nc_cases').select('number').where('id', '=', state.id).executeTakeFirst())?.number;
  const known = await existing();
  if (known !== undefined) return known;
  await trx.selectFrom('aims').select('id').where('id', '=', state.aimsId).forUpdate().executeTakeFirstOrThrow();
  const raced = await existing();
  if (raced !== undefined) return raced;
  const { last_nc_number } = await trx
    .updateTable('aims')
    .set((eb) => ({ last_nc_number: eb('last_nc_number', '+', 1) }))
    .where('id', '=', state.aimsId)
    .returning('last_nc_number')
    .executeTakeFirstOrThrow();
  return last_nc_number;
}

function caseRow(state: CaseState) {
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
    details: {
      containment: state.containment,
      rootCauses: state.rootCauses,
      effectivenessReviews: state.effectivenessReviews,
      cancelReason: state.cancelReason,
    } satisfies CaseDetails,
    closed_at: state.closedAt ? new Date(state.closedAt) : null,
    version: state.version,
    updated_at: new Date(),
  };
}

async function saveActions(trx: DbOrTrx, state: CaseState): Promise<void> {
  for (const action of state.actions) {
    const task = state.tasks[action.taskId]!;
    const row = {
      id: action.id,
      case_id: state.id,
      iteration: action.iteration,
      title: action.title,
      owner_id: task.ownerId,
      due_date: task.dueDate,
      status: task.status,
      evidence: action.evidence,
      completed_at: action.completedAt ? new Date(action.completedAt) : null,
    };
    await trx
      .insertInto('nc_actions')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, id: sql`nc_actions.id` }))
      .execute();
  }
}

/** Shared by every workflow that owns tasks: the one way tasks reach the read model. */
export async function saveTasks(trx: DbOrTrx, tasks: TaskState[], version: number): Promise<void> {
  for (const task of tasks) {
    const row = {
      id: task.id,
      aims_id: task.aimsId,
      workflow_id: task.workflowId,
      item_type: task.itemType,
      item_id: task.itemId,
      step: task.step,
      title: task.title,
      owner_id: task.ownerId,
      due_date: task.dueDate,
      status: task.status,
      approval: task.approval,
      extensions: JSON.stringify(task.extensions),
      created_at: new Date(task.createdAt),
      completed_at: task.completedAt ? new Date(task.completedAt) : null,
      version,
    };
    await trx
      .insertInto('tasks')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, id: sql`tasks.id` }).where('tasks.version', '<=', version))
      .execute();
  }
}
