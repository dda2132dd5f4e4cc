import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { CASE_STATUSES, NC_SOURCES, SEVERITIES } from '../../domain/nc-case';
import { html, type SafeHtml } from '../../domain/html';
import { input, select, wordOptions, type Option } from '../form-controls';
import { page } from '../layout';

type Case = ApiAnswer<'get', '/cases'>['items'][number];

export interface RegisterData {
  person: Person;
  /** The filters as the address has them (empty ones left out). */
  filter: Record<string, string>;
  items: Case[];
  total: number;
  pageSize: number;
  aims: Option[];
  people: Option[];
  departments: string[];
  /** A filter the API refused, with its reason. */
  refused?: string;
}

const addressOf = (filter: Record<string, string>, changes: Record<string, string | undefined>) => {
  const merged = { ...filter, ...changes };
  const query = new URLSearchParams(Object.entries(merged).filter((e): e is [string, string] => Boolean(e[1])));
  return `/ui/cases?${query.toString()}`;
};

/** An export of the register with the filters and order shown (every page of it, so no paging). */
const exportOf = (filter: Record<string, string>, format: 'csv' | 'xlsx') => {
  const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]) && e[0] !== 'offset'));
  return `/ui/exports/nc-register.${format}?${query.toString()}`;
};

/** A column heading that sorts by it: ascending first, the other way when it is the sort already. */
function sortHeading(data: RegisterData, key: string, text: string): SafeHtml {
  const current = (data.filter.sort ?? 'number') === key;
  const order = data.filter.order ?? 'desc';
  const next = current && order === 'asc' ? 'desc' : 'asc';
  const ariaSort = current ? (order === 'asc' ? 'ascending' : 'descending') : 'none';
  return html`<th scope="col" aria-sort="${ariaSort}"><a href="${addressOf(data.filter, { sort: key, order: next, offset: undefined })}">${text}</a></th>`;
}

function filters(data: RegisterData): SafeHtml {
  const f = data.filter;
  return html`<form class="filters card" method="get" action="/ui/cases" role="search" aria-label="Filter the register">
    ${select({ id: 'f-aims', name: 'aimsId', label: 'AIMS', options: data.aims, value: f.aimsId, placeholder: 'All' })}
    ${select({ id: 'f-status', name: 'status', label: 'Stage', options: wordOptions(CASE_STATUSES), value: f.status, placeholder: 'All' })}
    ${select({ id: 'f-severity', name: 'severity', label: 'Severity', options: wordOptions(SEVERITIES), value: f.severity, placeholder: 'All' })}
    ${select({ id: 'f-source', name: 'source', label: 'Source', options: wordOptions(NC_SOURCES), value: f.source, placeholder: 'All' })}
    ${select({ id: 'f-owner', name: 'ownerId', label: 'Owner', options: data.people, value: f.ownerId, placeholder: 'All' })}
    ${select({ id: 'f-dept', name: 'department', label: 'Department', options: data.departments.map((d) => ({ value: d, text: d })), value: f.department, placeholder: 'All' })}
    ${input({ id: 'f-clause', name: 'clauseRef', label: 'Clause or control', value: f.clauseRef })}
    ${select({ id: 'f-overdue', name: 'overdue', label: 'Overdue', options: [{ value: 'true', text: 'Overdue only' }], value: f.overdue, placeholder: 'All' })}
    ${input({ id: 'f-from', name: 'raisedFrom', label: 'Raised from', type: 'date', value: f.raisedFrom })}
    ${input({ id: 'f-to', name: 'raisedTo', label: 'Raised until', type: 'date', value: f.raisedTo })}
    ${input({ id: 'f-q', name: 'q', label: 'Search', value: f.q })}
    <p><button type="submit">Show</button></p>
  </form>`;
}

/** The nonconformity register: filters, search, sortable columns and pages of the API's `GET /cases`. */
export function registerPage(data: RegisterData): string {
  const names = new Map([...data.people, ...data.aims].map((o) => [o.value, o.text]));
  const offset = Number(data.filter.offset ?? 0);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const pageNumber = Math.floor(offset / data.pageSize) + 1;
  const rows = data.items.map(
    (c) =>
      html`<tr class="case-row">
        <td><a href="/ui/cases/${c.id}">${c.reference}</a></td>
        <td>${c.title}</td>
        <td>${names.get(c.aimsId) ?? ''}</td>
        <td>${c.status.replaceAll('_', ' ')}</td>
        <td>${c.severity}</td>
        <td>${c.source.replaceAll('_', ' ')}</td>
        <td>${names.get(c.ownerId) ?? ''}</td>
        <td>${c.clauseRef ?? '—'}</td>
        <td>${c.raisedOn}</td>
        <td>${c.nextDueDate ?? '—'}${c.overdue ? html` <span class="late">overdue</span>` : ''}</td>
      </tr>`,
  );
  const paging = html`<nav aria-label="Pages of the register">
    <p>
      Page ${pageNumber} of ${pages} (${data.total} case${data.total === 1 ? '' : 's'})
      ${offset > 0 ? html` · <a href="${addressOf(data.filter, { offset: String(Math.max(0, offset - data.pageSize)) })}">Previous page</a>` : ''}
      ${offset + data.pageSize < data.total ? html` · <a href="${addressOf(data.filter, { offset: String(offset + data.pageSize) })}">Next page</a>` : ''}
    </p>
  </nav>`;
  const body = html`<p><a href="/ui/cases/new${data.filter.aimsId ? `?aimsId=${data.filter.aimsId}` : ''}">Raise a nonconformity</a></p>
    ${filters(data)}
    <p>
      Export these cases: <a href="${exportOf(data.filter, 'csv')}" download>CSV</a> ·
      <a href="${exportOf(data.filter, 'xlsx')}" download>XLSX</a>
    </p>
    ${data.refused ? html`<p class="error" role="alert">${data.refused}</p>` : ''}
    <div class="scroll" tabindex="0" role="region" aria-label="The table, scrollable sideways">
      <table>
        <caption>
          Nonconformities
        </caption>
        <thead>
          <tr>
            ${sortHeading(data, 'number', 'Reference')}
            <th scope="col">Title</th>
            <th scope="col">AIMS</th>
            ${sortHeading(data, 'status', 'Stage')} ${sortHeading(data, 'severity', 'Severity')}
            <th scope="col">Source</th>
            <th scope="col">Owner</th>
            <th scope="col">Clause or control</th>
            ${sortHeading(data, 'raised_on', 'Raised')} ${sortHeading(data, 'next_due', 'Next due')}
          </tr>
        </thead>
        <tbody>
          ${
            rows.length
              ? rows
              : html`<tr>
                  <td colspan="10">No case matches.</td>
                </tr>`
          }
        </tbody>
      </table>
    </div>
    ${paging}`;
  return page({ title: 'Nonconformity register', person: data.person, body });
}
