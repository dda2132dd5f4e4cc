import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { page } from '../layout';

type Register = ApiAnswer<'get', '/aims/:id/documents'>;

/** An AIMS's register of documented information: read-only, from the API's answer. */
export function documentRegisterPage(person: Person, register: Register): string {
  const body = html`<table class="card">
    <caption>
      Policies and procedures
    </caption>
    <thead>
      <tr>
        <th scope="col">Document</th>
        <th scope="col">Kind</th>
        <th scope="col">Status</th>
        <th scope="col">Version</th>
        <th scope="col">Last approved</th>
        <th scope="col">Review due</th>
        <th scope="col">Addresses</th>
      </tr>
    </thead>
    <tbody>
      ${register.items.map(
        (d) =>
          html`<tr>
            <td><a href="/ui/documents/${d.id}">${d.title}</a></td>
            <td>${d.kind}</td>
            <td>${d.status.replaceAll('_', ' ')}${d.reviewOverdue ? html` <strong>(review overdue)</strong>` : ''}</td>
            <td>${d.currentVersion ?? '—'}</td>
            <td>${d.lastApprovedOn ?? '—'}</td>
            <td>${d.reviewDue ?? (d.nextReviewDue ? `${d.nextReviewDue} (planned)` : '—')}</td>
            <td>${d.addresses.join(', ')}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
  return page({ title: 'Document register', person, body });
}
