import { listEvidenceOfItem } from '../db/repositories/evidence.repository';
import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { findAimsById } from '../db/repositories/aims.repository';
import { findDocumentRow, listDocumentRows } from '../db/repositories/document.repository';
import { findPersonNames } from '../db/repositories/people.repository';
import { listTasksOfItem } from '../db/repositories/task.repository';
import type { DocumentRow } from '../db/tables/documents.table';
import type { DocumentKind, DocumentStatus, DocumentVersion } from '../domain/document';
import { toTaskDto } from './task-dto';
import { findTimeline } from './timeline';

/** A register entry as every answer shows it; `today` in the AIMS zone decides whether its review is overdue. */
function toSummary(row: DocumentRow, today: string) {
  return {
    id: row.id,
    aimsId: row.aims_id,
    status: row.status as DocumentStatus,
    title: row.title,
    kind: row.kind as DocumentKind,
    ownerId: row.owner_id,
    approverIds: row.approver_ids as string[],
    addresses: row.addresses as string[],
    reviewMonths: row.review_months,
    registeredAt: row.registered_at.toISOString(),
    retiredAt: row.retired_at?.toISOString() ?? null,
    currentVersion: row.current_version,
    lastApprovedOn: row.last_approved_on,
    nextReviewDue: row.next_review_due,
    reviewDue: row.review_due,
    reviewOverdue: row.review_due !== null && row.review_due < today,
  };
}

/** The register of an AIMS; undefined when there is no such AIMS. */
export async function listDocuments(db: Db, now: Date, aimsId: string) {
  const aims = await findAimsById(db, aimsId);
  if (!aims) return undefined;
  const today = localDateOf(now, aims.time_zone);
  return (await listDocumentRows(db, { aimsId })).map((row) => toSummary(row, today));
}

/** One document: its facts, versions, tasks and timeline. */
export async function findDocumentDetail(db: Db, now: Date, documentId: string) {
  const row = await findDocumentRow(db, documentId);
  if (!row) return undefined;
  const aims = (await findAimsById(db, row.aims_id))!;
  const today = localDateOf(now, aims.time_zone);
  const [tasks, timeline, files] = await Promise.all([
    listTasksOfItem(db, documentId),
    findTimeline(db, 'document', documentId),
    listEvidenceOfItem(db, 'document', documentId),
  ]);
  const fileById = new Map(files.map((f) => [f.id, f]));
  const versions = (row.versions as DocumentVersion[]).map(({ fileId, ...v }) => {
    const file = fileId ? fileById.get(fileId) : undefined;
    return {
      ...v,
      file: file
        ? { id: file.id, filename: file.filename, mediaType: file.media_type, size: Number(file.size_bytes), sha256: file.sha256, href: `/evidence/${file.id}` }
        : null,
    };
  });
  return { ...toSummary(row, today), versions, tasks: tasks.map((t) => toTaskDto(t, today)), timeline };
}

/** What a command needs to know before the workflow is asked: its AIMS, status and workflow. */
export async function findDocumentForCommand(db: Db, documentId: string) {
  const row = await findDocumentRow(db, documentId);
  return row && { id: row.id, aimsId: row.aims_id, status: row.status as DocumentStatus, workflowId: row.workflow_id, ownerId: row.owner_id };
}

/**
 * Who has and has not acknowledged a version (the one in force unless `number` is given):
 * undefined when there is no such document; null when it has no such version.
 */
export async function findAcknowledgements(db: Db, documentId: string, number: number | undefined) {
  const row = await findDocumentRow(db, documentId);
  if (!row) return undefined;
  const versions = row.versions as DocumentVersion[];
  const version = versions.find((v) => v.number === (number ?? row.current_version));
  if (!version) return null;
  const names = new Map((await findPersonNames(db, version.audienceIds)).map((p) => [p.id, p.name]));
  const done = new Map(version.acknowledgements.map((a) => [a.personId, a.at]));
  return {
    documentId: row.id,
    version: version.number,
    toBeAcknowledged: version.toBeAcknowledged,
    acknowledged: version.audienceIds.filter((id) => done.has(id)).map((id) => ({ personId: id, name: names.get(id) ?? id, at: done.get(id)! })),
    outstanding: version.audienceIds.filter((id) => !done.has(id)).map((id) => ({ personId: id, name: names.get(id) ?? id })),
  };
}
