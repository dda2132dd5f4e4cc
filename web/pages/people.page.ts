import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { ROLES } from '../../domain/roles';
import { page } from '../layout';

type Listed = ApiAnswer<'get', '/people'>['items'][number];

export interface PeopleData {
  person: Person;
  people: Listed[];
  notice?: string;
  error?: string;
  /** The CSV as last submitted, kept in the form after a dry run or a refusal. */
  csv?: string;
  dryRun?: ApiAnswer<'post', '/people/import'>;
}

const roleLabel = (role: string) => role.replace('_', ' ');

function editForm(p: Listed, people: Listed[]) {
  const managers = people.filter((m) => m.active && m.id !== p.id);
  return html`<details>
    <summary>Edit</summary>
    <form method="post" action="/ui/people/${p.id}/edit">
      <label for="name-${p.id}">Name</label><input id="name-${p.id}" name="name" value="${p.name}" required /> <label for="email-${p.id}">Email</label
      ><input id="email-${p.id}" name="email" type="email" value="${p.email}" required /> <label for="zone-${p.id}">Time zone</label
      ><input id="zone-${p.id}" name="timeZone" value="${p.timeZone}" required /> <label for="dept-${p.id}">Department</label
      ><input id="dept-${p.id}" name="department" value="${p.department ?? ''}" />
      <label for="manager-${p.id}">Manager</label>
      <select id="manager-${p.id}" name="managerId">
        <option value="">(none)</option>
        ${managers.map((m) => html`<option value="${m.id}" ${m.id === p.managerId ? html`selected` : ''}>${m.name}</option>`)}
      </select>
      <fieldset>
        <legend>Roles</legend>
        ${ROLES.map(
          (r) => html`<label><input type="checkbox" name="roles" value="${r}" ${p.roles.includes(r) ? html`checked` : ''} /> ${roleLabel(r)}</label>`,
        )}
      </fieldset>
      <button type="submit">Save ${p.name}</button>
    </form>
  </details>`;
}

function deactivateForm(p: Listed, people: Listed[]) {
  const owners = people.filter((m) => m.active && m.id !== p.id);
  return html`<details>
    <summary>Deactivate</summary>
    <form method="post" action="/ui/people/${p.id}/deactivation">
      <label for="owner-${p.id}">Who takes over ${p.name}'s open tasks</label>
      <select id="owner-${p.id}" name="newOwnerId">
        <option value="">Their manager</option>
        ${owners.map((m) => html`<option value="${m.id}">${m.name}</option>`)}
      </select>
      <label for="reason-${p.id}">Reason</label><input id="reason-${p.id}" name="reason" value="left the organisation" required />
      <button type="submit">Deactivate ${p.name}</button>
    </form>
  </details>`;
}

/** The admin's people page: everyone, with forms to edit and deactivate, and the CSV import. */
export function peoplePage(d: PeopleData): string {
  const names = new Map(d.people.map((p) => [p.id, p.name]));
  const rows = d.people.map(
    (p) =>
      html`<tr>
        <td>${p.name}${p.active ? '' : html` <span class="muted">(deactivated)</span>`}</td>
        <td>${p.email}</td>
        <td>${p.timeZone}</td>
        <td>${p.department ?? ''}</td>
        <td>${p.managerId ? (names.get(p.managerId) ?? '') : ''}</td>
        <td>${p.roles.map(roleLabel).join(', ')}</td>
        <td>${p.active ? html`${editForm(p, d.people)}${deactivateForm(p, d.people)}` : ''}</td>
      </tr>`,
  );
  const dry = d.dryRun
    ? d.dryRun.problems.length
      ? html`<div class="error" role="alert">
          <p>The file has ${d.dryRun.problems.length} problem(s); nothing was imported:</p>
          <ul>
            ${d.dryRun.problems.map((p) => html`<li>Line ${p.line}, ${p.field}: ${p.reason}</li>`)}
          </ul>
        </div>`
      : html`<p class="notice" role="status">The file is fine: ${d.dryRun.people.length} people would be added. Import it to add them all.</p>`
    : '';
  return page({
    title: 'People',
    person: d.person,
    body: html`${d.notice ? html`<p class="notice" role="status">${d.notice}</p>` : ''} ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : ''}
      <table>
        <caption>
          Everyone, by name
        </caption>
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Time zone</th>
            <th>Department</th>
            <th>Manager</th>
            <th>Roles</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      <section class="card" aria-labelledby="import">
        <h2 id="import">Import people from CSV</h2>
        <p>
          Columns: name, email, zone, department, manager email, roles (several separated by ";"). Check the file first; the import adds everyone or nobody.
        </p>
        ${dry}
        <form method="post" action="/ui/people/import">
          <label for="csv">CSV</label><textarea id="csv" name="csv" rows="8">${d.csv ?? ''}</textarea>
          <button type="submit" name="mode" value="check">Check the file</button>
          <button type="submit" name="mode" value="import">Import</button>
        </form>
      </section>`,
  });
}
