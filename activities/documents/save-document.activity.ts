import type { Db } from '../../db/database';
import { upsertDocumentIfNewer } from '../../db/repositories/document.repository';
import { saveItem } from '../../db/save-item';
import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import { approvedVersion, type DocumentState } from '../../domain/document';
import type { WorkflowChange } from '../../domain/workflow-change';

/**
 * Writes the document's row, its tasks and the change's audit-trail entries in one transaction,
 * through the one save protocol (version guard, idempotent trail).
 */
export function createSaveDocument({ db }: { db: Db }) {
  return async function saveDocument(input: { state: DocumentState; changes: WorkflowChange[]; emails?: QueuedEmail[] }): Promise<void> {
    const s = input.state;
    const f = s.facts;
    const current = approvedVersion(s);
    await db.transaction().execute(async (trx) => {
      const row = {
        id: s.id,
        aims_id: s.aimsId,
        workflow_id: s.workflowId,
        status: s.status,
        title: f.title,
        kind: f.kind,
        owner_id: f.ownerId,
        approver_ids: JSON.stringify(f.approverIds),
        addresses: JSON.stringify(f.addresses),
        review_months: f.reviewMonths,
        registered_at: new Date(s.registeredAt),
        retired_at: s.retiredAt ? new Date(s.retiredAt) : null,
        current_version: current?.number ?? null,
        last_approved_on: current?.approvedOn ?? null,
        next_review_due: s.nextReview?.dueDate ?? null,
        review_due: s.reviewDue,
        versions: JSON.stringify(s.versions),
        version: s.version,
        updated_at: new Date(),
      };
      await saveItem(trx, {
        workflowId: s.workflowId,
        aimsId: s.aimsId,
        changes: input.changes,
        emails: input.emails,
        upsert: (t) => upsertDocumentIfNewer(t, row),
        tasks: { list: Object.values(s.tasks), version: s.version },
      });
    });
  };
}
