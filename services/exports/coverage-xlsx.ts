import type { coverageMatrix } from '../audit-queries';
import { dateCell, oneSheetWorkbook, type SheetColumn } from './xlsx-workbook';

export type CoverageItem = Awaited<ReturnType<typeof coverageMatrix>>[number];

export const COVERAGE_COLUMNS: readonly SheetColumn[] = [
  { header: 'Item', width: 10 },
  { header: 'Title', width: 48 },
  { header: 'Kind', width: 9 },
  { header: 'Applicable', width: 11 },
  { header: 'Last audited', width: 13, dateFormat: 'yyyy-mm-dd' },
  { header: 'Last result', width: 13 },
  { header: 'Next audit', width: 11 },
  { header: 'Next fieldwork', width: 14, dateFormat: 'yyyy-mm-dd' },
];

/** The coverage matrix as XLSX, one line per clause and control as `GET /aims/{id}/coverage` answers it. */
export function coverageXlsx(items: readonly CoverageItem[], asOf: Date): Promise<Buffer> {
  return oneSheetWorkbook(
    'Coverage',
    COVERAGE_COLUMNS,
    items.map((i) => [
      i.itemId,
      i.title,
      i.kind,
      i.applicable,
      dateCell(i.lastAudited),
      i.lastResult,
      i.nextPlanned?.reference ?? null,
      dateCell(i.nextPlanned?.fieldworkStart ?? null),
    ]),
    asOf,
  );
}
