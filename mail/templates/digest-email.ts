import { DateTime } from 'luxon';
import { html, type SafeHtml } from '../../domain/html';
import type { RenderedEmail } from './task-email';

/** One open task as a digest shows it (a subset of services/task-listing's ListedTask). */
export interface DigestItem {
  aimsId: string;
  aimsName: string;
  kind: string;
  itemRef: string;
  itemPath: string;
  title: string;
  ownerName: string;
  department: string | null;
  severity: 'major' | 'minor' | null;
  dueDate: string;
  overdue: boolean;
  daysOverdue: number;
}

export interface WeeklyDigestData {
  recipientName: string;
  /** ISO week, e.g. 2026-W49. */
  period: string;
  /** Soonest due first. */
  items: DigestItem[];
  publicBaseUrl: string;
}

export interface OverdueReportData {
  recipientName: string;
  /** YYYY-MM. */
  period: string;
  items: DigestItem[];
  /** Readable names of the task kinds (services/task-listing KIND_LABELS). */
  kindLabels: Record<string, string>;
  publicBaseUrl: string;
}

const longDate = (iso: string) => DateTime.fromISO(iso).setLocale('en-GB').toFormat('cccc d LLLL yyyy');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const lateness = (item: DigestItem) => (item.overdue ? `OVERDUE by ${plural(item.daysOverdue, 'day')}` : '');

function line(item: DigestItem, extra: string[]): string {
  return [`${item.itemRef} ${item.title}`, `due ${longDate(item.dueDate)}`, ...extra].filter(Boolean).join(' | ');
}

function htmlList(items: DigestItem[], base: string, extra: (item: DigestItem) => string[]): SafeHtml {
  const rows = items.map((item) => {
    const details = [`due ${longDate(item.dueDate)}`, ...extra(item)].filter(Boolean).map((detail, i) => html`${i ? html` &middot; ` : ''}${detail}`);
    const style = item.overdue ? html` style="color:#b00020"` : '';
    return html`<li${style}><a href="${base + item.itemPath}">${item.itemRef} ${item.title}</a> &middot; ${details}</li>`;
  });
  return html`<ul>
    ${rows}
  </ul>`;
}

/** The weekly list of a person's own open tasks, soonest due first, overdue ones marked. */
export function renderWeeklyDigest(d: WeeklyDigestData): RenderedEmail {
  const overdue = d.items.filter((i) => i.overdue).length;
  const counts = `${plural(d.items.length, 'open task')}${overdue ? `, ${overdue} overdue` : ''}`;
  const extra = (item: DigestItem) => [lateness(item), item.aimsName];
  const text = [
    `Hello ${d.recipientName},`,
    '',
    `Your open tasks this week (${d.period}): ${counts}.`,
    '',
    ...d.items.flatMap((item) => [`- ${line(item, extra(item))}`, `  ${d.publicBaseUrl}${item.itemPath}`]),
    '',
    '-- AIMS cycles',
  ].join('\n');
  const body = html`<p>Hello ${d.recipientName},</p>
    <p>Your open tasks this week (${d.period}): ${counts}.</p>
    ${htmlList(d.items, d.publicBaseUrl, extra)}
    <p style="color:#666">AIMS cycles</p>`;
  return { subject: `Weekly digest ${d.period}: ${counts}`, text, html: body.value };
}

/** Items grouped by AIMS (by id: two may share a name), then by kind, in the order they come. */
function grouped(items: DigestItem[]): Map<string, Map<string, DigestItem[]>> {
  const byAims = new Map<string, Map<string, DigestItem[]>>();
  for (const item of items) {
    const byKind = byAims.get(item.aimsId) ?? new Map<string, DigestItem[]>();
    byAims.set(item.aimsId, byKind);
    byKind.set(item.kind, [...(byKind.get(item.kind) ?? []), item]);
  }
  return byAims;
}

/** The monthly report to management of every overdue task, counts first, then by AIMS and kind. */
export function renderOverdueReport(d: OverdueReportData): RenderedEmail {
  const groups = grouped(d.items);
  const label = (kind: string) => d.kindLabels[kind] ?? kind;
  const countsByKind = [...new Set(d.items.map((i) => i.kind))].map((kind) => `${label(kind)}: ${d.items.filter((i) => i.kind === kind).length}`);
  const summary = `${plural(d.items.length, 'overdue task')} across ${groups.size} AIMS`;
  const month = DateTime.fromISO(`${d.period}-01`).setLocale('en-GB').toFormat('LLLL yyyy');
  const extra = (item: DigestItem) => [
    lateness(item),
    `owner ${item.ownerName}${item.department ? ` (${item.department})` : ''}`,
    item.severity ? `${item.severity} nonconformity` : '',
  ];
  const aimsName = (byKind: Map<string, DigestItem[]>) => [...byKind.values()][0]![0]!.aimsName;
  const textGroups = [...groups.values()].flatMap((byKind) => [
    '',
    `== ${aimsName(byKind)}`,
    ...[...byKind].flatMap(([kind, items]) => [
      `-- ${label(kind)} (${items.length})`,
      ...items.flatMap((item) => [`- ${line(item, extra(item))}`, `  ${d.publicBaseUrl}${item.itemPath}`]),
    ]),
  ]);
  const text = [
    `Hello ${d.recipientName},`,
    '',
    `Overdue report for ${month}: ${summary}.`,
    ...countsByKind.map((c) => `  ${c}`),
    ...textGroups,
    '',
    '-- AIMS cycles',
  ].join('\n');
  const htmlGroups = [...groups.values()].map(
    (byKind) =>
      html`<h2>${aimsName(byKind)}</h2>
        ${[...byKind].map(
          ([kind, items]) =>
            html`<h3>${label(kind)} (${items.length})</h3>
              ${htmlList(items, d.publicBaseUrl, extra)} `,
        )}`,
  );
  const body = html`<p>Hello ${d.recipientName},</p>
    <p>Overdue report for ${month}: ${summary}.</p>
    <ul>
      ${countsByKind.map((c) => html`<li>${c}</li>`)}
    </ul>
    ${htmlGroups}
    <p style="color:#666">AIMS cycles</p>`;
  return { subject: `Monthly overdue report ${month}: ${summary}`, text, html: body.value };
}
