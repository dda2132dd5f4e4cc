/** A calendar date (YYYY-MM-DD) or an instant as the date cell Excel shows for it (midnight UTC for a date). */
export function dateCell(iso: string | null): Date | null {
  if (iso === null) return null;
  return new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
}

export interface SheetColumn {
  header: string;
  width?: number;
  /** Excel's number format for a date column: 'yyyy-mm-dd' or 'yyyy-mm-dd hh:mm'. */
  dateFormat?: string;
}

/**
 * A one-sheet workbook with a bold, frozen header line and typed cells (dates as date cells,
 * booleans as booleans). The workbook's own dates are the as-of instant, not the moment of writing.
 * exceljs is loaded at the first export, not at start: the engine need not hold it until then.
 */
export async function oneSheetWorkbook(name: string, columns: readonly SheetColumn[], rows: readonly unknown[][], asOf: Date): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'aims-cycles';
  book.created = asOf;
  book.modified = asOf;
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow([...row]);
  columns.forEach((c, i) => {
    if (c.dateFormat) sheet.getColumn(i + 1).numFmt = c.dateFormat;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
