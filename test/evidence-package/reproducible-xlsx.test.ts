import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { reproducibleXlsx } from '../../services/evidence-package/reproducible-xlsx';
import { soaXlsx } from '../../services/exports/soa-export';

// exceljs dates every part of a workbook with the moment of writing (ZIP times have a two-second
// grain): two workbooks written more than two seconds apart differ unless made reproducible.

describe('a reproducible workbook', () => {
  const entries = [
    {
      controlId: 'A.2.2',
      title: 'AI policy',
      area: 'A.2',
      applicable: false,
      justification: 'None',
      changedBy: 'Petra',
      changedAt: '2026-11-30T10:00:00.000Z',
    },
  ];
  const asOf = new Date('2026-12-01T00:00:00Z');

  it('has the same bytes when written again later, and is still a workbook', async () => {
    const first = await reproducibleXlsx(await soaXlsx(entries, asOf), asOf);
    await new Promise((r) => setTimeout(r, 2_100));
    const second = await reproducibleXlsx(await soaXlsx(entries, asOf), asOf);
    expect(second.equals(first)).toBe(true);
    const [header, row] = await readSheet(first);
    expect(header![0]).toBe('Control');
    expect(row!.slice(0, 5)).toEqual(['A.2.2', 'AI policy', 'A.2', false, 'None']);
  });
});
