import type { Db } from '../../db/database';
import { appendChanges } from '../append-changes';
import type { CertificationState } from '../../domain/certification';
import { saveTasks, type WorkflowChange } from '../cases/save-case.activity';

/**
 * Writes the certification read model, its tasks and the change's audit-trail entries in one
 * transaction. Older snapshots never overwrite newer ones (version guard); entries already
 * written are skipped (idempotency key = workflow id + change number), so a retry is harmless.
 */
export function createSaveCertification({ db }: { db: Db }) {
  return async function saveCertification(input: { state: CertificationState; changes: WorkflowChange[] }): Promise<void> {
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
      const saved = await trx
        .insertInto('certifications')
        .values(row)
        .onConflict((oc) => oc.column('aims_id').doUpdateSet(row).where('certifications.version', '<', s.version))
        .returning('aims_id')
        .executeTakeFirst();
      if (saved) await saveTasks(trx, Object.values(s.tasks), s.version);
      await appendChanges(trx, s.workflowId, input.changes);
    });
  };
}
