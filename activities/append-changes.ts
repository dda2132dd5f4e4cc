import type { DbOrTrx } from '../db/database';
import { recordChange } from '../db/repositories/audit-trail.repository';
import type { WorkflowChange } from './cases/save-case.activity';

/**
 * Appends a workflow's changes to the audit trail. Each entry's key is the workflow id and the
 * change's number, so an activity retried after its commit appends nothing twice.
 */
export async function appendChanges(trx: DbOrTrx, workflowId: string, changes: WorkflowChange[]): Promise<void> {
  for (const c of changes) {
    await recordChange(trx, {
      actor: { id: c.actorId, label: c.actorLabel },
      at: new Date(c.at),
      entityType: c.entityType,
      entityId: c.entityId,
      action: c.action,
      before: c.before,
      after: c.after,
      idempotencyKey: `${workflowId}#${c.seq}`,
    });
  }
}
