import { DateTime } from 'luxon';
import { html } from '../../domain/html';
import type { RenderedEmail } from './task-email';

const longDate = (iso: string) => DateTime.fromISO(iso).setLocale('en-GB').toFormat('cccc d LLLL yyyy');

export interface AuditNoticeData {
  recipientName: string;
  auditRef: string;
  leadAuditorName: string;
  fieldworkStart: string;
  fieldworkEnd: string;
  scope: { id: string; title: string }[];
  url: string;
}

/** Tells auditees (and the lead auditor) what will be audited, when and by whom. */
export function renderAuditNotice(d: AuditNoticeData): RenderedEmail {
  const when = `${longDate(d.fieldworkStart)} to ${longDate(d.fieldworkEnd)}`;
  const lead = `Internal audit ${d.auditRef} has its fieldwork from ${when}, led by ${d.leadAuditorName}. It covers:`;
  const items = d.scope.map((s) => `${s.id} ${s.title}`);
  return {
    subject: `[${d.auditRef}] Internal audit notice: fieldwork ${when}`,
    text: [`Hello ${d.recipientName},`, '', lead, ...items.map((i) => `  - ${i}`), '', `Details: ${d.url}`, '', '-- AIMS cycles'].join('\n'),
    html: html`<p>Hello ${d.recipientName},</p>
      <p>${lead}</p>
      <ul>
        ${items.map((i) => html`<li>${i}</li>`)}
      </ul>
      <p><a href="${d.url}">${d.auditRef}</a></p>`.value,
  };
}

export interface AuditReportData {
  recipientName: string;
  auditRef: string;
  leadAuditorName: string;
  fieldworkStart: string;
  fieldworkEnd: string;
  summary: string;
  counts: Record<string, number>;
  findings: { id: string; title: string; result: string; caseRef: string | null }[];
  url: string;
}

const RESULT_LABELS: Record<string, string> = {
  conforming: 'conforming',
  minor_nc: 'minor nonconformity',
  major_nc: 'major nonconformity',
  observation: 'observation',
  opportunity: 'opportunity for improvement',
};

/** The audit report as management receives it: the lead auditor's summary, counts, and every finding. */
export function renderAuditReport(d: AuditReportData): RenderedEmail {
  const counts = Object.entries(RESULT_LABELS).map(([key, label]) => `${d.counts[key] ?? 0} ${label}`);
  const findings = d.findings.map((f) => `${f.id} ${f.title}: ${RESULT_LABELS[f.result]}${f.caseRef ? ` (${f.caseRef})` : ''}`);
  const intro = `Report of internal audit ${d.auditRef} by ${d.leadAuditorName}, fieldwork ${longDate(d.fieldworkStart)} to ${longDate(d.fieldworkEnd)}.`;
  return {
    subject: `[${d.auditRef}] Internal audit report: ${counts.slice(1, 3).join(', ')}`,
    text: [
      `Hello ${d.recipientName},`,
      '',
      intro,
      '',
      d.summary,
      '',
      `Results: ${counts.join(', ')}.`,
      ...findings.map((f) => `  - ${f}`),
      '',
      `Details: ${d.url}`,
      '',
      '-- AIMS cycles',
    ].join('\n'),
    html: html`<p>Hello ${d.recipientName},</p>
      <p>${intro}</p>
      <p>${d.summary}</p>
      <p>Results: ${counts.join(', ')}.</p>
      <ul>
        ${findings.map((f) => html`<li>${f}</li>`)}
      </ul>
      <p><a href="${d.url}">${d.auditRef}</a></p>`.value,
  };
}
