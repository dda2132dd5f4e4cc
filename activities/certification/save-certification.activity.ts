import type { Db } from '../../db/database';
import { upsertCertificationIfNewer } from '../../db/repositories/certification.repository';
import { saveItem } from '../../db/save-item';
import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import type { CertificationState } from '../../domain/certification';
import type { WorkflowChange } from '../../domain/workflow-change';

/**
 * Writes the certification read model, its tasks and the change's audit-trail entries in one
 * transaction. Older snapshots never overwrite newer ones (version guard); entries already
 * written are skipped (idempotency key = workflow id + change number), so a retry is harmless.
 */
export function createSaveCertification({ db }: { db: Db }) {
  return async function saveCertification(input: { state: CertificationState; changes: WorkflowChange[]; emails?: QueuedEmail[] }): Promise<void> {
    const s = input.state;
    await db.transaction().execute(async (trx) => {
      const row = {
        aims_id: s.aimsId,
        workflow_id: s.workflowId,
        status: s.status,
        cycle: s.cycle,
        certification_body: s.certificationBody,
        stage1_date: s.stage1?.date ?? null,
        stage1_outcome: s.stage1?.outcome ?? null,
        stage2_date: s.stage2?.date ?? null,
        stage2_outcome: s.stage2?.outcome ?? null,
        decision_date: s.decisionDate,
        cycle_start: s.plan?.cycleStart ?? null,
        expiry_date: s.plan?.expiry ?? null,
        restore_until: s.plan?.restoreUntil ?? null,
        next_due_item: s.nextDue?.item ?? null,
        next_due_date: s.nextDue?.date ?? null,
        planned_audits: JSON.stringify(s.plan?.audits.map((a) => ({ kind: a.kind, dueDate: a.dueDate })) ?? []),
        external_audits: JSON.stringify(s.externalAudits),
        version: s.version,
        updated_at: new Date(),
      };
      await saveItem(trx, {
        workflowId: s.workflowId,
        aimsId: s.aimsId,
        changes: input.changes,
        emails: input.emails,
        upsert: (t) => upsertCertificationIfNewer(t, row),
        tasks: { list: Object.values(s.tasks), version: s.version },
      });
    });
  };
}
