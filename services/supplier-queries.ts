import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { findAimsById } from '../db/repositories/aims.repository';
import { findSupplierRow, listSupplierRows } from '../db/repositories/supplier.repository';
import { listTasksOfItem } from '../db/repositories/task.repository';
import type { SupplierRow } from '../db/tables/suppliers.table';
import type { Criticality, SupplierKind, SupplierReview, SupplierReviewOutcome } from '../domain/supplier';
import { toTaskDto } from './task-dto';
import { findTimeline } from './timeline';

function toSummary(row: SupplierRow) {
  return {
    id: row.id,
    aimsId: row.aims_id,
    status: row.status as 'active' | 'retired',
    name: row.name,
    kind: row.kind as SupplierKind,
    criticality: row.criticality as Criticality,
    ownerId: row.owner_id,
    description: row.description,
    aiSystemIds: row.ai_system_ids as string[],
    registeredAt: row.registered_at.toISOString(),
    retiredAt: row.retired_at?.toISOString() ?? null,
    nextReviewDue: row.next_review_due,
    reviewDue: row.review_due,
    lastReviewOn: row.last_review_on,
    lastOutcome: row.last_outcome as SupplierReviewOutcome | null,
  };
}

/** The register of an AIMS; undefined when there is no such AIMS. */
export async function listSuppliers(db: Db, aimsId: string) {
  if (!(await findAimsById(db, aimsId))) return undefined;
  return (await listSupplierRows(db, { aimsId })).map(toSummary);
}

export async function findSupplierDetail(db: Db, now: Date, supplierId: string) {
  const row = await findSupplierRow(db, supplierId);
  if (!row) return undefined;
  const aims = (await findAimsById(db, row.aims_id))!;
  const today = localDateOf(now, aims.time_zone);
  const [tasks, timeline] = await Promise.all([listTasksOfItem(db, supplierId), findTimeline(db, 'supplier', supplierId)]);
  return { ...toSummary(row), reviews: row.reviews as SupplierReview[], tasks: tasks.map((t) => toTaskDto(t, today)), timeline };
}

export async function findSupplierForCommand(db: Db, supplierId: string) {
  const row = await findSupplierRow(db, supplierId);
  return row && { id: row.id, aimsId: row.aims_id, status: row.status as 'active' | 'retired', workflowId: row.workflow_id };
}
