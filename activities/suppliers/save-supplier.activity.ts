import type { Db } from '../../db/database';
import { upsertSupplierIfNewer } from '../../db/repositories/supplier.repository';
import { saveItem } from '../../db/save-item';
import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import type { SupplierState } from '../../domain/supplier';
import type { WorkflowChange } from '../../domain/workflow-change';

/** Writes the supplier's row, its tasks and the change's audit-trail entries in one transaction (the one save protocol). */
export function createSaveSupplier({ db }: { db: Db }) {
  return async function saveSupplier(input: { state: SupplierState; changes: WorkflowChange[]; emails?: QueuedEmail[] }): Promise<void> {
    const s = input.state;
    const f = s.facts;
    const last = s.reviews[0];
    await db.transaction().execute(async (trx) => {
      const row = {
        id: s.id,
        aims_id: s.aimsId,
        workflow_id: s.workflowId,
        status: s.status,
        name: f.name,
        kind: f.kind,
        criticality: f.criticality,
        owner_id: f.ownerId,
        description: f.description,
        ai_system_ids: JSON.stringify(f.aiSystemIds),
        registered_at: new Date(s.registeredAt),
        retired_at: s.retiredAt ? new Date(s.retiredAt) : null,
        next_review_due: s.nextReview?.dueDate ?? null,
        review_due: s.reviewDue,
        last_review_on: last?.completedOn ?? null,
        last_outcome: last?.outcome ?? null,
        reviews: JSON.stringify(s.reviews),
        version: s.version,
        updated_at: new Date(),
      };
      await saveItem(trx, {
        workflowId: s.workflowId,
        aimsId: s.aimsId,
        changes: input.changes,
        emails: input.emails,
        upsert: (t) => upsertSupplierIfNewer(t, row),
        tasks: { list: Object.values(s.tasks), version: s.version },
      });
    });
  };
}
