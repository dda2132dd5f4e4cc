import { REGISTER_COLUMNS, type RegisterRow } from './nc-register-rows';

/** A calendar date as the date cell Excel shows for it (midnight UTC, formatted as a date). */
const dateCell = (iso: string | null) => (iso === null ? null : new Date(`${iso}T00:00:00Z`));

/**
 * The register as an XLSX workbook with typed cells: dates are date cells, "Overdue" a boolean,
 * the rest text. The workbook's own dates are the as-of instant, not the moment of writing.
 * exceljs is loaded at the first export, not at start.
 */
export async function registerXlsx(rows: RegisterRow[], asOf: Date): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'aims-cycles';
  book.created = asOf;
  book.modified = asOf;
  const sheet = book.addWorksheet('NC register', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = REGISTER_COLUMNS.map((header) => ({ header, width: header === 'Title' ? 48 : 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    sheet.addRow([
      r.reference,
      r.title,
      r.severity,
      r.source,
      r.status,
      r.owner,
      r.ownerId,
      dateCell(r.raisedOn),
      dateCell(r.nextDueDate),
      r.overdue,
      r.clauseRef,
      r.aimsId,
    ]);
  }
  for (const key of [8, 9]) sheet.getColumn(key).numFmt = 'yyyy-mm-dd';
  return Buffer.from(await book.xlsx.writeBuffer());
}
