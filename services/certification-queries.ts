import type { Db } from '../db/database';
import { findCertificationRow } from '../db/repositories/certification.repository';
import { listOpenCertificationTasks } from '../db/repositories/task.repository';
import type { CertificationStatus, ExternalAuditKind, ExternalAuditRecord, PlannedExternalAudit, StageOutcome } from '../domain/certification';

/** What nextDueOf names: the next external audit, the restoration deadline, or the expiry. */
type NextDueItem = ExternalAuditKind | 'restoration' | 'expiry';

/** The certification of an AIMS as the record has it, with its open tasks. */
export async function findCertification(db: Db, aimsId: string) {
  const row = await findCertificationRow(db, aimsId);
  if (!row) return undefined;
  const tasks = await listOpenCertificationTasks(db, aimsId);
  return {
    aimsId: row.aims_id,
    status: row.status as CertificationStatus,
    cycle: row.cycle,
    certificationBody: row.certification_body,
    stage1: row.stage1_date ? { date: row.stage1_date, outcome: row.stage1_outcome as StageOutcome } : null,
    stage2: row.stage2_date ? { date: row.stage2_date, outcome: row.stage2_outcome as StageOutcome } : null,
    decisionDate: row.decision_date,
    cycleStart: row.cycle_start,
    expiryDate: row.expiry_date,
    restoreUntil: row.restore_until,
    nextDue: row.next_due_item ? { item: row.next_due_item as NextDueItem, date: row.next_due_date! } : null,
    plannedAudits: row.planned_audits as Pick<PlannedExternalAudit, 'kind' | 'dueDate'>[],
    externalAudits: row.external_audits as ExternalAuditRecord[],
    openTasks: tasks.map((t) => ({ id: t.id, step: t.step, title: t.title, ownerId: t.owner_id, dueDate: t.due_date, status: t.status })),
    version: row.version,
  };
}
