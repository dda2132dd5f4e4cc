import { deterministicZip } from './package-zip';

/**
 * An XLSX workbook (itself a ZIP) made reproducible: exceljs dates every part of it with the
 * moment of writing, so the parts are read back (in the order exceljs wrote them, which Excel
 * expects) and zipped again with the same fixed entry time as the package. The workbook's own
 * core-properties dates are the as-of instant already (`oneSheetWorkbook`). jszip is loaded at the
 * first package, not at start.
 */
export async function reproducibleXlsx(workbook: Buffer, day: Date): Promise<Buffer> {
  const { default: JSZip } = await import('jszip');
  const parts = await JSZip.loadAsync(workbook);
  const entries = [];
  for (const name of Object.keys(parts.files).filter((n) => !parts.files[n]!.dir)) {
    entries.push({ path: name, content: await parts.files[name]!.async('nodebuffer') });
  }
  return deterministicZip(entries, day, 'as given');
}
