import { buildPdf } from './pdf-document';

export interface ProgrammeLine {
  reference: string;
  fieldworkStart: string;
  fieldworkEnd: string;
  /** What the audit was as of the document's date: reported on a day, or not yet. */
  state: string;
  scope: readonly string[];
}

/** The internal audits of a period as PDF: each audit's dates, its state as of the date, and its scope. */
export function auditProgrammePdf(lines: readonly ProgrammeLine[], period: { start: string; end: string }, aimsName: string, asOf: Date): Promise<Buffer> {
  return buildPdf({ title: 'Audit programme', aimsName, asOf }, (doc) => {
    doc.fontSize(16).font('Helvetica-Bold').text('Audit programme');
    doc.moveDown(0.5).fontSize(10).font('Helvetica');
    doc.text(`Internal audits with fieldwork from ${period.start} to ${period.end}: ${lines.length}`);
    for (const a of lines) {
      doc.moveDown(0.5).font('Helvetica-Bold').text(`${a.reference}: fieldwork ${a.fieldworkStart} to ${a.fieldworkEnd}, ${a.state}`);
      doc
        .font('Helvetica')
        .fontSize(9)
        .text(`Scope: ${a.scope.join(', ')}`)
        .fontSize(10);
    }
  });
}
