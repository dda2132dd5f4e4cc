import type { SoaEntry } from '../soa-queries';
import { buildPdf } from './pdf-document';
import { dateCell, oneSheetWorkbook, type SheetColumn } from './xlsx-workbook';

export const SOA_COLUMNS: readonly SheetColumn[] = [
  { header: 'Control' },
  { header: 'Title', width: 48 },
  { header: 'Area', width: 8 },
  { header: 'Applicable', width: 11 },
  { header: 'Justification', width: 48 },
  { header: 'Changed by', width: 20 },
  { header: 'Changed at', width: 18, dateFormat: 'yyyy-mm-dd hh:mm' },
];

/** The SoA as XLSX: one line per control, "Applicable" a boolean, "Changed at" a date cell. */
export function soaXlsx(entries: readonly SoaEntry[], asOf: Date): Promise<Buffer> {
  return oneSheetWorkbook(
    'Statement of Applicability',
    SOA_COLUMNS,
    entries.map((e) => [e.controlId, e.title, e.area, e.applicable, e.justification, e.changedBy, dateCell(e.changedAt)]),
    asOf,
  );
}

/** The SoA as PDF: the counts, then each control with its decision and justification. */
export function soaPdf(entries: readonly SoaEntry[], aimsName: string, asOf: Date): Promise<Buffer> {
  return buildPdf({ title: 'Statement of Applicability', aimsName, asOf }, (doc) => {
    const applicable = entries.filter((e) => e.applicable).length;
    doc.fontSize(16).font('Helvetica-Bold').text('Statement of Applicability');
    doc.moveDown(0.5).fontSize(10).font('Helvetica');
    doc.text(`Controls: ${entries.length}; applicable ${applicable}, excluded ${entries.length - applicable}`);
    for (const e of entries) {
      doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text(`${e.controlId} ${e.title}`);
      doc
        .font('Helvetica')
        .fontSize(9)
        .text(`${e.applicable ? 'Applicable' : 'Excluded'}${e.justification ? `: ${e.justification}` : ''}`);
    }
  });
}
