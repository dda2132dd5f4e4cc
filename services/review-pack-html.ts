import { html, type SafeHtml } from '../domain/html';
import type { ReviewPack } from './review-pack';

const table = (head: string[], rows: (string | number | null)[][]): SafeHtml =>
  html`<table>
    <thead>
      <tr>
        ${head.map((h) => html`<th scope="col">${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            ${r.map((c) => html`<td>${c ?? '—'}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
const pairs = (record: Record<string, number>) => Object.entries(record).map(([k, v]) => [k.replaceAll('_', ' '), v]);

/** The pack as a page a chair can read or print before the meeting. */
export function renderReviewPackHtml(pack: ReviewPack): string {
  const nc = pack.nonconformities;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${pack.reference} review pack</title>
        <style>
          body {
            font-family: system-ui, sans-serif;
            max-width: 60rem;
            margin: 2rem auto;
            padding: 0 1rem;
            line-height: 1.4;
          }
          table {
            border-collapse: collapse;
            margin: 0.5rem 0 1.5rem;
          }
          td,
          th {
            border: 1px solid #ccc;
            padding: 0.25rem 0.6rem;
            text-align: left;
          }
        </style>
      </head>
      <body>
        <h1>Management review ${pack.reference}: review pack</h1>
        <p>Period ${pack.period.start} to ${pack.period.end}, figures as of ${pack.period.asOf}.</p>
        <h2>(a) Actions from previous management reviews</h2>
        ${table(
          ['Review', 'Action', 'Due', 'Status'],
          pack.previousActions.map((a) => [a.review, a.title, a.dueDate, a.overdue ? 'overdue' : a.status]),
        )}
        <h2>Nonconformities and corrective actions</h2>
        ${table(
          ['Measure', 'Value'],
          [
            ['Opened in the period', nc.opened],
            ['Closed in the period', nc.closed],
            ['Open at the end', nc.openAtEnd],
            ['Overdue corrective-action steps', nc.overdueTasks],
            ['Mean days to close', nc.meanDaysToClose === null ? null : nc.meanDaysToClose.toFixed(1)],
            ['Median days to close', nc.medianDaysToClose],
          ],
        )}
        ${table(['Opened by severity', 'Count'], pairs(nc.openedBySeverity))} ${table(['Opened by source', 'Count'], pairs(nc.openedBySource))}
        ${table(['Age of open cases (days)', 'Count'], pairs(nc.ageing))}
        <h2>Internal audits</h2>
        ${table(
          ['Audit', 'Fieldwork', 'Status', 'Results'],
          pack.audits.map((a) => [
            a.reference,
            `${a.fieldworkStart} – ${a.fieldworkEnd}`,
            a.status,
            pairs(a.results)
              .map(([k, v]) => `${v} ${k}`)
              .join(', '),
          ]),
        )}
        <p>Coverage in the period: ${pack.coverage.auditedInPeriod} of ${pack.coverage.required} clauses and applicable controls.</p>
        <h2>Certification</h2>
        ${pack.certification ? table(['Status', 'Body', 'Expiry', 'Next due'], [[pack.certification.status, pack.certification.body, pack.certification.expiryDate, pack.certification.nextDue ? `${pack.certification.nextDue.item} (${pack.certification.nextDue.date})` : null]]) : html`<p>No certification recorded.</p>`}
        <h2>AI risks</h2>
        <p>
          Approved risks of active AI systems by residual level:
          ${pairs(pack.aiRisks.byResidualLevel)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')};
          ${pack.aiRisks.aboveAppetite} above the appetite (${pack.aiRisks.appetite}).
        </p>
        ${table(
          ['System', 'Risk', 'Level', 'Residual', 'Treatment'],
          pack.aiRisks.risksAboveAppetite.map((r) => [r.system, r.description, r.level, r.residualLevel, r.treatment]),
        )}
        <p>AI systems with an overdue assessment: ${pack.aiRisks.overdueAssessments.length}.</p>
        ${table(
          ['System', 'Assessment due'],
          pack.aiRisks.overdueAssessments.map((o) => [o.system, o.dueDate]),
        )}
        ${
          pack.readiness
            ? html`<h2>Readiness (gap assessment)</h2>
                <p>
                  Overall ${pack.readiness.overall} of 100 as of ${pack.readiness.asOf}: ${pack.readiness.counts.ready} ready, ${pack.readiness.counts.partial}
                  partial, ${pack.readiness.counts.gap} gaps. By group: ${pack.readiness.groups.map((g) => `${g.group} ${g.score}`).join(', ')}. Trend:
                  ${pack.readiness.trend.map((t) => `${t.month} ${t.overall}`).join(', ') || 'no monthly figure yet (one is kept on the first of each month)'}.
                </p>
                ${table(
                  ['Remediate first', 'Status', 'Why'],
                  pack.readiness.remediation.map((r) => [`${r.id} ${r.title}`, r.status, r.reasons.join('; ')]),
                )}`
            : ''
        }
        <h2>Inputs (9.3.2)</h2>
        ${pack.inputs.map(
          (i) =>
            html`<h3>(${i.id}) ${i.title}</h3>
              <p>${i.text ? i.text : html`<em>not submitted</em>`}</p>`,
        )}
      </body>
    </html>`.value;
}
