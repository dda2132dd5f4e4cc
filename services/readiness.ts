import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { listAiSystemRows } from '../db/repositories/ai-system.repository';
import { findAimsById } from '../db/repositories/aims.repository';
import { listAimsResultsByFieldwork } from '../db/repositories/audit.repository';
import { countOpenCasesByRef } from '../db/repositories/case.repository';
import { listDocumentRows } from '../db/repositories/document.repository';
import { listSnapshots } from '../db/repositories/readiness-snapshot.repository';
import { listApplicableControlIds } from '../db/repositories/soa.repository';
import type { AssessmentCycle } from '../domain/ai-system';
import type { AuditResult } from '../domain/audit';
import { ASSESSMENTS_NEEDED, assessItem, missingAssessments, remediationOrder, scoresOf, type ReadinessFacts, type ReadinessStatus } from '../domain/readiness';
import { CLAUSES, compareReferenceOrder, titleOf } from '../domain/reference/iso42001';

// The gap assessment of an AIMS from what its record shows (rules in `domain/readiness.ts`),
// and its monthly trend. Reading it writes nothing: each month's figure is taken on the first
// day of the month by the AIMS's `readinessSnapshotWorkflow` (`services/readiness-snapshots.ts`).

/** The facts of every clause and applicable control, as of `today` in the AIMS zone. */
export async function readinessFacts(db: Db, aimsId: string, today: string): Promise<ReadinessFacts[]> {
  const [controls, documents, results, cases, systems] = await Promise.all([
    listApplicableControlIds(db, aimsId),
    listDocumentRows(db, { aimsId }),
    listAimsResultsByFieldwork(db, aimsId),
    countOpenCasesByRef(db, aimsId),
    listAiSystemRows(db, aimsId),
  ]);
  const lastAudit = new Map<string, { result: AuditResult; on: string }>();
  for (const r of results) lastAudit.set(r.item_id, { result: r.result as AuditResult, on: r.fieldwork_start });
  // Every active system is in scope: each needs its current risk and impact assessment.
  const active = systems
    .filter((s) => s.status === 'active')
    .map((s) => ({ id: s.id, name: s.name, current: s.current_assessment as AssessmentCycle | null, completed: s.completed_assessments as AssessmentCycle[] }));
  const assessmentsFor = (id: string) => {
    const needed = ASSESSMENTS_NEEDED[id];
    if (!needed) return null;
    const lacking = active.map((s) => ({ systemId: s.id, name: s.name, why: missingAssessments(s, needed, today) })).filter((s) => s.why.length > 0);
    return { needed: [...needed], systems: active.length, lacking };
  };
  const liveDocuments = documents.filter((d) => d.status !== 'retired');
  const items = [...CLAUSES.map((c) => ({ id: c.id, kind: 'clause' as const })), ...controls.map((id) => ({ id, kind: 'control' as const }))];
  items.sort((a, b) => compareReferenceOrder(a.id, b.id));
  return items.map(({ id, kind }) => {
    const addressing = liveDocuments.filter((d) => (d.addresses as string[]).includes(id));
    const current = addressing.filter((d) => (d.status === 'approved' || d.status === 'due_for_review') && (d.review_due === null || d.review_due >= today));
    const ncs = (severity: string) => cases.filter((c) => c.clause_ref === id && c.severity === severity).reduce((n, c) => n + Number(c.count), 0);
    return {
      id,
      kind,
      documents: { addressing: addressing.length, current: current.length },
      lastAudit: lastAudit.get(id) ?? null,
      openNcs: { major: ncs('major'), minor: ncs('minor') },
      assessments: assessmentsFor(id),
    };
  });
}

/** The assessed items and their scores as of `today` in the AIMS zone. */
export async function assessReadiness(db: Db, aimsId: string, today: string) {
  const facts = await readinessFacts(db, aimsId, today);
  const assessed = facts.map(assessItem);
  const { overall, groups } = scoresOf(assessed);
  const counts: Record<ReadinessStatus, number> = { ready: 0, partial: 0, gap: 0 };
  for (const item of assessed) counts[item.status] += 1;
  return { facts, assessed, overall, groups, counts };
}

/** The gap assessment of an AIMS, with the monthly figures kept so far; undefined when there is no such AIMS. */
export async function readinessOf(db: Db, now: Date, aimsId: string) {
  const aims = await findAimsById(db, aimsId);
  if (!aims) return undefined;
  const today = localDateOf(now, aims.time_zone);
  const { facts, assessed, overall, groups, counts } = await assessReadiness(db, aimsId, today);
  const trend = (await listSnapshots(db, { aimsId })).map((s) => ({
    month: s.month,
    takenOn: s.taken_on,
    overall: s.overall,
    counts: s.counts as typeof counts,
  }));
  const byId = new Map(facts.map((f) => [f.id, f]));
  return {
    aimsId,
    asOf: today,
    overall,
    counts,
    groups,
    items: assessed.map((i) => ({ ...i, title: titleOf(i.id) ?? i.id, facts: byId.get(i.id)! })),
    remediation: remediationOrder(assessed, compareReferenceOrder).map((i) => ({
      id: i.id,
      title: titleOf(i.id) ?? i.id,
      status: i.status,
      reasons: i.reasons.filter((r) => r.weight !== 'ready').map((r) => r.text),
    })),
    trend,
  };
}
