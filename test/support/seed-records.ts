import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../db/database';
import type { AiSystemsTable } from '../../db/tables/ai-systems.table';
import type { AuditResult, AuditsTable } from '../../db/tables/audits.table';
import type { CertificationsTable } from '../../db/tables/certification.table';
import type { DocumentsTable } from '../../db/tables/documents.table';
import type { ReviewsTable } from '../../db/tables/reviews.table';
import { aiSystemWorkflowId } from '../../domain/ai-system';
import { documentWorkflowId } from '../../domain/document';

// Rows written straight into the record, as their workflows would save them, for tests about
// what is read from the record (readiness, exports, evidence packages, access) rather than about
// the workflows themselves. Each takes what every such row needs and, last, the columns the test
// is about; each returns the new row's id.

/** A document of the register: a draft policy addressing nothing unless `over` says otherwise. */
export async function seedDocument(
  db: Db,
  entry: { aimsId: string; ownerId: string; approverIds: string[] },
  over: Partial<Insertable<DocumentsTable>> = {},
): Promise<string> {
  const id = over.id ?? randomUUID();
  await db
    .insertInto('documents')
    .values({
      id,
      aims_id: entry.aimsId,
      workflow_id: documentWorkflowId(id),
      status: 'draft',
      title: 'Policy',
      kind: 'policy',
      owner_id: entry.ownerId,
      approver_ids: JSON.stringify(entry.approverIds),
      addresses: '[]',
      review_months: null,
      registered_at: new Date(),
      retired_at: null,
      current_version: null,
      last_approved_on: null,
      next_review_due: null,
      review_due: null,
      versions: '[]',
      version: 1,
      updated_at: new Date(),
      ...over,
    })
    .execute();
  return id;
}

/** An AI system of the register, live and in operation, with no assessment yet unless `over` gives one. */
export async function seedAiSystem(
  db: Db,
  entry: { aimsId: string; ownerId: string; riskOwnerId: string },
  over: Partial<Insertable<AiSystemsTable>> = {},
): Promise<string> {
  const id = over.id ?? randomUUID();
  await db
    .insertInto('ai_systems')
    .values({
      id,
      aims_id: entry.aimsId,
      workflow_id: aiSystemWorkflowId(id),
      status: 'active',
      name: 'AI system',
      purpose: 'seeded',
      role: 'provider',
      owner_id: entry.ownerId,
      risk_owner_id: entry.riskOwnerId,
      lifecycle_stage: 'operation_and_monitoring',
      deployment_status: 'live',
      intended_users: '',
      affected_people: '',
      data_used: '[]',
      third_party_components: '[]',
      suppliers: '[]',
      risk_classification: 'limited',
      reassessment_months: null,
      registered_at: new Date(),
      retired_at: null,
      next_planned_due: null,
      current_assessment: null,
      completed_assessments: '[]',
      significant_changes: '[]',
      version: 1,
      updated_at: new Date(),
      ...over,
    })
    .execute();
  return id;
}

/** An internal audit of `scope`, in planning with no team unless `over` says otherwise. */
export async function seedAudit(
  db: Db,
  audit: { aimsId: string; scope: string[]; fieldworkStart: string; fieldworkEnd?: string },
  over: Partial<Insertable<AuditsTable>> = {},
): Promise<string> {
  const id = over.id ?? randomUUID();
  await db
    .insertInto('audits')
    .values({
      id,
      aims_id: audit.aimsId,
      workflow_id: `audit-${id}`,
      occurrence_index: 0,
      status: 'planning',
      scope: audit.scope,
      fieldwork_start: audit.fieldworkStart,
      fieldwork_end: audit.fieldworkEnd ?? audit.fieldworkStart,
      lead_auditor_id: null,
      auditee_ids: [],
      report_summary: null,
      reported_at: null,
      version: 1,
      ...over,
    })
    .execute();
  return id;
}

/** An audit's checklist results, one row per item, recorded now. */
export async function seedAuditResults(
  db: Db,
  auditId: string,
  recordedBy: string,
  results: { itemId: string; result: AuditResult; evidence: string }[],
): Promise<void> {
  await db
    .insertInto('audit_results')
    .values(
      results.map((r) => ({
        audit_id: auditId,
        item_id: r.itemId,
        result: r.result,
        evidence: r.evidence,
        case_id: null,
        recorded_by: recordedBy,
        recorded_at: new Date(),
      })),
    )
    .execute();
}

type InputId = 'a' | 'b' | 'c' | 'd' | 'e';

/**
 * The inputs a–e of a management review as its workflow saves them, all owned by `ownerId`:
 * not submitted unless `submitted` gives one its text, each asked by a task of its own unless
 * `taskId` names one for all.
 */
export function reviewInputs(
  ownerId: string,
  options: { submitted?: Partial<Record<InputId, { text: string; submittedAt: string }>>; taskId?: string } = {},
): string {
  const inputs = (['a', 'b', 'c', 'd', 'e'] as const).map((input) => {
    const submitted = options.submitted?.[input];
    return [input, { ownerId, taskId: options.taskId ?? randomUUID(), text: submitted?.text ?? null, submittedAt: submitted?.submittedAt ?? null }];
  });
  return JSON.stringify(Object.fromEntries(inputs));
}

/** A management review chaired by `chairId`, preparing (its inputs asked of the chair) unless `over` says otherwise. */
export async function seedReview(
  db: Db,
  review: { aimsId: string; chairId: string; attendeeIds: string[]; meetingDate: string; meetingAt: Date },
  over: Partial<Insertable<ReviewsTable>> = {},
): Promise<string> {
  const id = over.id ?? randomUUID();
  await db
    .insertInto('reviews')
    .values({
      id,
      aims_id: review.aimsId,
      workflow_id: `review-${id}`,
      review_index: 0,
      status: 'preparing',
      chair_id: review.chairId,
      attendee_ids: review.attendeeIds,
      meeting_date: review.meetingDate,
      meeting_at: review.meetingAt,
      inputs: reviewInputs(review.chairId),
      decisions: '[]',
      version: 1,
      ...over,
    })
    .execute();
  return id;
}

/** An AIMS's certification record before any decision: no stage recorded unless `over` gives it. */
export async function seedCertification(db: Db, aimsId: string, over: Partial<Insertable<CertificationsTable>> = {}): Promise<void> {
  await db
    .insertInto('certifications')
    .values({
      aims_id: aimsId,
      workflow_id: `certification-${aimsId}`,
      status: 'initial',
      cycle: 0,
      certification_body: 'Cert Co',
      stage1_date: null,
      stage1_outcome: null,
      stage2_date: null,
      stage2_outcome: null,
      decision_date: null,
      cycle_start: null,
      expiry_date: null,
      restore_until: null,
      next_due_item: null,
      next_due_date: null,
      planned_audits: '[]',
      external_audits: '[]',
      version: 1,
      updated_at: new Date(),
      ...over,
    })
    .execute();
}
