import type { Person } from '../../db/tables/people.table';
import type { ApiAnswer } from '../../api/routes';
import { OVERDUE_GROUPINGS } from '../../services/overdue-view';
import { AGE_BUCKETS, KIND_LABELS, TASK_KINDS } from '../../services/task-listing';
import { html, type SafeHtml } from '../../domain/html';
import { page } from '../layout';
import { trendChart } from '../trend-chart';

/** What GET /overdue answers (the dashboard reads the API's own view). */
type View = ApiAnswer<'get', '/overdue'>;

/** Overdue tasks per dashboard page; the figures and each group's count cover the whole selection. */
export const OVERDUE_ITEMS_ON_PAGE = 100;

/** The filters and grouping a page keeps, without its paging. */
export function selectionOf(filter: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== 'cursor' && e[0] !== 'limit'));
}

export interface DashboardData {
  person: Person;
  view: View;
  trend: ApiAnswer<'get', '/overdue/trend'>['points'];
  /** Open items a workflow could not get past (`GET /attention`). */
  attention: ApiAnswer<'get', '/attention'>['items'];
  /** Each AIMS's AI risk figures (`GET /aims/{id}/ai-risks`), in the AIMS filter's order. */
  aiRisks: { aims: { id: string; name: string }; figures: ApiAnswer<'get', '/aims/:id/ai-risks'> }[];
  aims: { id: string; name: string }[];
  departments: string[];
  filter: Record<string, string | undefined>;
}

function select(name: string, label: string, options: readonly { value: string; text: string }[], current: string | undefined, any = 'All') {
  return html`<div>
    <label for="f-${name}">${label}</label>
    <select id="f-${name}" name="${name}">
      ${any ? html`<option value="">${any}</option>` : ''}${options.map(
        (o) => html`<option value="${o.value}" ${o.value === current ? html` selected` : ''}>${o.text}</option>`,
      )}
    </select>
  </div>`;
}

const GROUP_LABELS: Record<(typeof OVERDUE_GROUPINGS)[number], string> = {
  owner: 'Owner',
  department: 'Department',
  severity: 'Severity',
  kind: 'Kind',
  age: 'Days overdue',
};

/** Stuck work first: nothing else on the page moves until someone fixes and retries it. */
function attentionSection(items: DashboardData['attention']): SafeHtml | '' {
  if (items.length === 0) return '';
  return html`<section class="card attention" id="attention" aria-labelledby="attention-title">
    <h2 id="attention-title">Needs attention <span class="muted">(${items.length})</span></h2>
    <p>The engine could not get past these steps and waits for an operator: fix the cause, then retry with <code>POST /attention/{id}/retry</code>.</p>
    <table>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">AIMS</th>
          <th scope="col">Step</th>
          <th scope="col">Reason</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (a) =>
            html`<tr class="attention-item" data-attention-id="${a.id}">
              <td>${a.itemLabel}</td>
              <td>${a.aimsName ?? '—'}</td>
              <td>${a.step}</td>
              <td>${a.errorType}: ${a.error}</td>
              <td>${a.firstSeenAt.slice(0, 16).replace('T', ' ')} UTC</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/**
 * AI risk per AIMS (9.3.2 c, e): risks above the appetite and systems whose assessment is overdue.
 * An AIMS with neither a risk nor a system is left out; an empty table says so once.
 */
function aiRiskSection(rows: DashboardData['aiRisks']): SafeHtml {
  const shown = rows.filter((r) => Object.values(r.figures.byResidualLevel).some((n) => n > 0) || r.figures.overdueAssessments.length > 0);
  return html`<section class="card" id="ai-risks" aria-labelledby="ai-risks-title">
    <h2 id="ai-risks-title">AI risk</h2>
    ${
      shown.length === 0
        ? html`<p class="muted">No approved AI risks and no overdue AI assessments.</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">AIMS</th>
                <th scope="col">Appetite</th>
                <th scope="col">Risks above the appetite</th>
                <th scope="col">Systems with an overdue assessment</th>
              </tr>
            </thead>
            <tbody>
              ${shown.map(
                ({ aims, figures }) =>
                  html`<tr class="ai-risk-row" data-aims-id="${aims.id}">
                    <th scope="row"><a href="/ui/aims/${aims.id}/ai-systems">${aims.name}</a></th>
                    <td>${figures.appetite}</td>
                    <td class="above-appetite">${figures.aboveAppetite}</td>
                    <td>
                      <span class="overdue-assessments">${figures.overdueAssessments.length}</span>
                      ${figures.overdueAssessments.map(
                        (o) => html`<br /><a href="/ui/ai-systems/${o.systemId}">${o.system}</a> <span class="muted">due ${o.dueDate}</span>`,
                      )}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;
}

/** The overdue report as a file, with the dashboard's filters (every item of every group). */
function exportLinks(filter: Record<string, string | undefined>) {
  const query = new URLSearchParams(selectionOf(filter)).toString();
  return html`<p>
    Export the overdue report: <a href="/ui/exports/overdue.pdf?${query}" download>PDF</a> · <a href="/ui/exports/overdue.csv?${query}" download>CSV</a>
  </p>`;
}

/** Management's overdue dashboard: stuck work, headline figures, the trend, filters, and the overdue items by group. */
export function dashboardPage(d: DashboardData): string {
  const { view, filter } = d;
  const filters = html`<form class="filters card" method="get" action="/ui/dashboard" aria-label="Filter overdue items">
    ${select(
      'aimsId',
      'AIMS',
      d.aims.map((a) => ({ value: a.id, text: a.name })),
      filter.aimsId,
    )}
    ${select(
      'kind',
      'Kind',
      TASK_KINDS.map((k) => ({ value: k, text: KIND_LABELS[k] })),
      filter.kind,
    )}
    ${select(
      'severity',
      'Severity',
      [
        { value: 'major', text: 'Major' },
        { value: 'minor', text: 'Minor' },
      ],
      filter.severity,
    )}
    ${select(
      'department',
      'Department',
      d.departments.map((x) => ({ value: x, text: x })),
      filter.department,
    )}
    ${select(
      'age',
      'Days overdue',
      AGE_BUCKETS.map((b) => ({ value: b, text: b })),
      filter.age,
    )}
    ${select(
      'groupBy',
      'Group by',
      OVERDUE_GROUPINGS.map((g) => ({ value: g, text: GROUP_LABELS[g] })),
      view.groupedBy,
      '',
    )}
    <button type="submit">Show</button>
  </form>`;
  const figures = html`<section class="figures" aria-label="Overdue figures">
    <div class="figure" id="total-overdue"><strong>${view.total}</strong> overdue</div>
    <div class="figure"><strong>${view.counts.severity.major}</strong> major NC steps</div>
    <div class="figure"><strong>${view.counts.age['90+']}</strong> over 90 days</div>
    ${TASK_KINDS.map((k) => html`<div class="figure"><strong>${view.counts.kind[k]}</strong> ${KIND_LABELS[k].toLowerCase()}</div>`)}
  </section>`;
  const shown = view.groups.reduce((n, g) => n + g.items.length, 0);
  const nextQuery = view.page.nextCursor
    ? new URLSearchParams({ ...selectionOf(filter), groupBy: view.groupedBy, cursor: view.page.nextCursor }).toString()
    : '';
  const pager = nextQuery
    ? html`<nav class="notice" aria-label="More overdue items">
        ${shown} overdue items on this page, of ${view.total} in ${view.groupCount} groups. <a href="/ui/dashboard?${nextQuery}" rel="next">Next page</a> ·
        <a href="/ui/dashboard?${new URLSearchParams(selectionOf(filter)).toString()}">First page</a>
      </nav>`
    : '';
  const groups = view.groups.length
    ? view.groups.map(
        (g) =>
          html`<section class="card overdue-group" aria-labelledby="g-${g.key || 'none'}">
            <h2 id="g-${g.key || 'none'}">${g.label} <span class="muted">(${g.count})</span></h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Task</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Department</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Due</th>
                  <th scope="col">Days overdue</th>
                </tr>
              </thead>
              <tbody>
                ${g.items.map(
                  (t) =>
                    html`<tr class="overdue-item" data-task-id="${t.id}">
                      <td><a href="/ui${t.itemPath}">${t.itemRef}</a><br /><span class="muted">${t.aimsName}</span></td>
                      <td>${t.title}</td>
                      <td><a href="/ui/inbox?personId=${t.ownerId}" title="Tasks of ${t.ownerName}">${t.ownerName}</a></td>
                      <td>${t.department ?? '—'}</td>
                      <td>${t.severity ?? '—'}</td>
                      <td>${t.dueDate}</td>
                      <td class="late">${t.daysOverdue}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
            ${g.count > g.items.length ? html`<p class="muted">${g.items.length} of ${g.count} on this page.</p>` : ''}
          </section>`,
      )
    : html`<p class="notice">Nothing is overdue${Object.values(filter).some(Boolean) ? ' for this selection' : ''}.</p>`;
  return page({
    title: 'Overdue dashboard',
    person: d.person,
    body: html`${attentionSection(d.attention)}${figures}${aiRiskSection(d.aiRisks)}${trendChart(d.trend)}${filters}${exportLinks(filter)}${groups}${pager}`,
  });
}
