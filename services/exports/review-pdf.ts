import type { findReviewDetail } from '../review-queries';
import type { ReviewPack } from '../review-pack';
import { buildPdf } from './pdf-document';

export type ReviewDetail = NonNullable<Awaited<ReturnType<typeof findReviewDetail>>>;

const counts = (byKind: Partial<Record<string, number>>) =>
  Object.entries(byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

/** The management review pack (9.3.2) as PDF: the same figures `GET /reviews/{id}/pack` answers. */
export function reviewPackPdf(pack: ReviewPack, aimsName: string, asOf: Date): Promise<Buffer> {
  return buildPdf({ title: `Management review pack ${pack.reference}`, aimsName, asOf }, (doc) => {
    const heading = (text: string) => doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(text).font('Helvetica').fontSize(10);
    doc.fontSize(16).font('Helvetica-Bold').text(`Management review pack ${pack.reference}`);
    doc.moveDown(0.5).fontSize(10).font('Helvetica');
    doc.text(`Period: ${pack.period.start} to ${pack.period.end}, as of ${pack.period.asOf}`);
    heading('Inputs (9.3.2)');
    for (const input of pack.inputs) {
      doc.font('Helvetica-Bold').text(`${input.id}) ${input.title}`).font('Helvetica');
      doc.text(input.text ?? 'Not submitted.');
    }
    heading('Nonconformities');
    const nc = pack.nonconformities;
    doc.text(`Opened in period: ${nc.opened} (${counts(nc.openedBySeverity)})`);
    doc.text(`Closed in period: ${nc.closed} (${counts(nc.closedBySeverity)})`);
    doc.text(`Open at end: ${nc.openAtEnd}`);
    doc.text(`Overdue tasks: ${nc.overdueTasks}`);
    doc.text(`Ageing (days open): ${counts(nc.ageing)}`);
    doc.text(`Days to close: mean ${nc.meanDaysToClose ?? '-'}, median ${nc.medianDaysToClose ?? '-'}`);
    heading('Internal audits');
    doc.text(`Coverage: ${pack.coverage.auditedInPeriod} of ${pack.coverage.required} required items audited in period`);
    for (const a of pack.audits) doc.text(`${a.reference} ${a.status}, ${a.fieldworkStart} to ${a.fieldworkEnd}: ${counts(a.results)}`);
    heading('Previous actions');
    if (pack.previousActions.length === 0) doc.text('None.');
    for (const t of pack.previousActions) doc.text(`${t.review} ${t.title}: ${t.status}, due ${t.dueDate}${t.overdue ? ', overdue' : ''}`);
    heading('Certification');
    const c = pack.certification;
    doc.text(c ? `Status: ${c.status}${c.body ? `, body ${c.body}` : ''}${c.expiryDate ? `, expires ${c.expiryDate}` : ''}` : 'Not started.');
    // A pack stored by an earlier version has no AI risk or readiness section: say so, do not fail.
    const stored = pack as Partial<ReviewPack>;
    heading('AI risks');
    doc.text(
      stored.aiRisks
        ? `Above appetite: ${stored.aiRisks.aboveAppetite}; overdue assessments: ${stored.aiRisks.overdueAssessments.length}`
        : 'Not in this pack.',
    );
    heading('Readiness');
    doc.text(stored.readiness ? `Overall: ${stored.readiness.overall}` : 'Not in this pack.');
  });
}

/** The minutes of a review as PDF: meeting, chair and attendees, the minutes and each decision. */
export function reviewMinutesPdf(review: ReviewDetail, names: ReadonlyMap<string, string>, aimsName: string, asOf: Date): Promise<Buffer> {
  const name = (id: string) => names.get(id) ?? id;
  return buildPdf({ title: `Minutes of management review ${review.reference}`, aimsName, asOf }, (doc) => {
    doc.fontSize(16).font('Helvetica-Bold').text(`Minutes of management review ${review.reference}`);
    doc.moveDown(0.5).fontSize(10).font('Helvetica');
    doc.text(`Meeting: ${review.meetingDate}`);
    doc.text(`Chair: ${name(review.chairId)}`);
    doc.text(`Attendees: ${review.attendeeIds.map(name).join(', ') || 'none'}`);
    doc.text(`Approved: ${review.approvedAt ?? 'not yet'}`);
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text('Minutes');
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(review.minutes ?? 'No minutes recorded.');
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(`Decisions (${review.decisions.length})`);
    doc.font('Helvetica').fontSize(10);
    for (const d of review.decisions) doc.text(`${d.kind}: ${d.text}`);
  });
}
