import { AUDIT_RESULTS } from '../../domain/audit';
import type { findAuditDetail } from '../audit-queries';
import { buildPdf } from './pdf-document';

export type AuditDetail = NonNullable<Awaited<ReturnType<typeof findAuditDetail>>>;

/** How many results of each kind the audit recorded, in the standard order of kinds. */
export function resultCounts(audit: AuditDetail): [string, number][] {
  return AUDIT_RESULTS.map((kind) => [kind, audit.results.filter((r) => r.result === kind).length]);
}

/**
 * One internal audit's report (ISO/IEC 42001 9.2.2): the audit's dates, team and scope, the count
 * of each kind of result, every result with its evidence, and the lead auditor's summary.
 */
export function auditReportPdf(audit: AuditDetail, names: ReadonlyMap<string, string>, aimsName: string, asOf: Date): Promise<Buffer> {
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : 'not named');
  return buildPdf({ title: `Internal audit report ${audit.reference}`, aimsName, asOf }, (doc) => {
    doc.fontSize(16).font('Helvetica-Bold').text(`Internal audit report ${audit.reference}`);
    doc.moveDown(0.5).fontSize(10).font('Helvetica');
    doc.text(`Status: ${audit.status}`);
    doc.text(`Fieldwork: ${audit.fieldworkStart} to ${audit.fieldworkEnd}`);
    doc.text(`Lead auditor: ${name(audit.leadAuditorId)}`);
    doc.text(`Auditees: ${audit.auditeeIds.map(name).join(', ') || 'none'}`);
    doc.text(`Reported: ${audit.reportedAt ?? 'not yet'}`);
    doc.text(
      `Results: ${resultCounts(audit)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')}`,
    );
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(`Scope (${audit.scope.length})`);
    doc.font('Helvetica').fontSize(9);
    for (const s of audit.scope) doc.text(`${s.id} ${s.title}`);
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(`Results (${audit.results.length})`);
    for (const r of audit.results) {
      doc.moveDown(0.3).font('Helvetica-Bold').fontSize(9).text(`${r.itemId}: ${r.result}`);
      doc.font('Helvetica').text(r.evidence);
    }
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text('Summary');
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(audit.reportSummary ?? 'No report yet.');
  });
}
