import { stringify } from 'csv-stringify/sync';
import type { DbOrTrx } from '../../db/database';
import { everyOverdueTask, type OverdueFilter, type OverdueGroup, type OverdueGrouping, type overdueView } from '../overdue-view';
import { buildPdf } from './pdf-document';

type View = Awaited<ReturnType<typeof overdueView>>;

/** The overdue view with every task of every group: what the report's files hold. */
export type OverdueReport = Pick<View, 'asOf' | 'total' | 'counts' | 'groupedBy'> & { groups: OverdueGroup[] };

/**
 * Every page of the overdue view joined into one report, groups in the view's order (a group
 * split over pages is one group). Read it in one snapshot (a repeatable-read transaction) so the
 * pages and the figures agree.
 */
export async function loadOverdueReport(db: DbOrTrx, now: Date, filter: OverdueFilter, by: OverdueGrouping): Promise<OverdueReport> {
  let report: OverdueReport | undefined;
  for await (const page of everyOverdueTask(db, now, filter, by)) {
    report ??= { asOf: page.asOf, total: page.total, counts: page.counts, groupedBy: page.groupedBy, groups: [] };
    for (const group of page.groups) {
      const last = report.groups.at(-1);
      if (last?.key === group.key) last.items.push(...group.items);
      else report.groups.push({ ...group, items: [...group.items] });
    }
  }
  return report!;
}

export const OVERDUE_COLUMNS = ['Group', 'AIMS', 'Item', 'Kind', 'Step', 'Task', 'Owner', 'Department', 'Severity', 'Due date', 'Days overdue'] as const;

function rowsOf(report: OverdueReport) {
  return report.groups.flatMap((g) =>
    g.items.map(
      (t) => [g.label, t.aimsName, t.itemRef, t.kind, t.step, t.title, t.ownerName, t.department ?? '', t.severity ?? '', t.dueDate, t.daysOverdue] as const,
    ),
  );
}

/** One line per overdue task, in the report's groups and order. */
export function overdueCsv(report: OverdueReport): string {
  return stringify(
    rowsOf(report).map((r) => [...r]),
    { header: true, columns: [...OVERDUE_COLUMNS], record_delimiter: 'windows' },
  );
}

/** The report as PDF: the headline figures, then each group with its tasks, longest overdue first. */
export function overduePdf(report: OverdueReport, aimsName: string): Promise<Buffer> {
  return buildPdf({ title: 'Overdue report', aimsName, asOf: new Date(report.asOf) }, (doc) => {
    doc.fontSize(16).font('Helvetica-Bold').text('Overdue report');
    doc.moveDown(0.5).fontSize(10).font('Helvetica');
    doc.text(`Overdue tasks: ${report.total}`);
    doc.text(`By severity: major ${report.counts.severity.major}, minor ${report.counts.severity.minor}`);
    doc.text(
      `By kind: ${Object.entries(report.counts.kind)
        .map(([k, n]) => `${k.replaceAll('_', ' ')} ${n}`)
        .join(', ')}`,
    );
    doc.text(
      `By age: ${Object.entries(report.counts.age)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    for (const g of report.groups) {
      doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(`${g.label} (${g.count})`);
      doc.font('Helvetica').fontSize(9);
      for (const t of g.items) {
        doc.text(`${t.itemRef} · ${t.title} · ${t.ownerName} · due ${t.dueDate} · ${t.daysOverdue} days overdue${t.severity ? ` · ${t.severity}` : ''}`);
      }
    }
  });
}
