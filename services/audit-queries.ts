import type { Db } from '../db/database';
import { findAuditWithToday, listAimsResultsByFieldwork, listAuditResults, listAuditRows, listAuditsForCoverage } from '../db/repositories/audit.repository';
import { listControlApplicability } from '../db/repositories/soa.repository';
import type { AuditStatus } from '../domain/audit';
import { CLAUSES, CONTROLS, titleOf } from '../domain/reference/iso42001';
import { todayInAimsZone } from '../db/today-in-aims-zone';
import { listTasksOfItem } from '../db/repositories/task.repository';
import { toTaskDto } from './task-dto';
import { findTimeline } from './timeline';

export async function listAudits(db: Db, aimsId: string | undefined, aimsIds?: readonly string[]) {
  return (await listAuditRows(db, aimsId, aimsIds)).map((a) => ({
    id: a.id,
    reference: `IA-${a.number}`,
    aimsId: a.aims_id,
    status: a.status as AuditStatus,
    occurrenceIndex: a.occurrence_index,
    fieldworkStart: a.fieldwork_start,
    fieldworkEnd: a.fieldwork_end,
    leadAuditorId: a.lead_auditor_id,
    scope: a.scope,
  }));
}

export async function findAuditDetail(db: Db, now: Date, auditId: string) {
  const audit = await findAuditWithToday(db, auditId, todayInAimsZone(now));
  if (!audit) return undefined;
  const [results, tasks, trail] = await Promise.all([listAuditResults(db, auditId), listTasksOfItem(db, auditId), findTimeline(db, 'audit', auditId)]);
  return {
    id: audit.id,
    reference: `IA-${audit.number}`,
    aimsId: audit.aims_id,
    status: audit.status as AuditStatus,
    occurrenceIndex: audit.occurrence_index,
    fieldworkStart: audit.fieldwork_start,
    fieldworkEnd: audit.fieldwork_end,
    leadAuditorId: audit.lead_auditor_id,
    auditeeIds: audit.auditee_ids,
    scope: audit.scope.map((id) => ({ id, title: titleOf(id) ?? '' })),
    results: results.map((r) => ({
      itemId: r.item_id,
      result: r.result,
      evidence: r.evidence,
      caseId: r.case_id,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at.toISOString(),
    })),
    reportSummary: audit.report_summary,
    reportedAt: audit.reported_at?.toISOString() ?? null,
    tasks: tasks.map((t) => toTaskDto(t, audit.today)),
    timeline: trail,
  };
}

/** Item × last audited, its result, and the next audit planned to cover it (ISO/IEC 42001 9.2.2). */
export async function coverageMatrix(db: Db, aimsId: string) {
  const soa = await listControlApplicability(db, aimsId);
  const applicable = new Map(soa.map((s) => [s.control_id, s.applicable]));
  const audits = await listAuditsForCoverage(db, aimsId);
  const results = await listAimsResultsByFieldwork(db, aimsId);
  const last = new Map(results.map((r) => [r.item_id, { date: r.fieldwork_start, result: r.result }]));
  const items = [
    ...CLAUSES.map((c) => ({ id: c.id, title: c.title, kind: 'clause' as const })),
    ...CONTROLS.map((c) => ({ id: c.id, title: c.title, kind: 'control' as const })),
  ];
  return items.map((item) => {
    const planned = audits.find((a) => a.status !== 'reported' && a.scope.includes(item.id));
    return {
      itemId: item.id,
      title: item.title,
      kind: item.kind,
      applicable: item.kind === 'clause' ? true : (applicable.get(item.id) ?? true),
      lastAudited: last.get(item.id)?.date ?? null,
      lastResult: last.get(item.id)?.result ?? null,
      nextPlanned: planned ? { auditId: planned.id, reference: `IA-${planned.number}`, fieldworkStart: planned.fieldwork_start } : null,
    };
  });
}
