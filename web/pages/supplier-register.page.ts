import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { page } from '../layout';

/** An AIMS's register of AI-related suppliers: read-only, from the API's answer. */
export function supplierRegisterPage(person: Person, register: ApiAnswer<'get', '/aims/:id/suppliers'>): string {
  const body = html`<table class="card">
    <caption>
      AI-related suppliers
    </caption>
    <thead>
      <tr>
        <th scope="col">Supplier</th>
        <th scope="col">Kind</th>
        <th scope="col">Criticality</th>
        <th scope="col">Status</th>
        <th scope="col">Review due</th>
        <th scope="col">Last review</th>
        <th scope="col">AI systems</th>
      </tr>
    </thead>
    <tbody>
      ${register.items.map(
        (s) =>
          html`<tr>
            <td><a href="/ui/suppliers/${s.id}">${s.name}</a></td>
            <td>${s.kind.replaceAll('_', ' ')}</td>
            <td>${s.criticality}</td>
            <td>${s.status}</td>
            <td>${s.reviewDue ?? (s.nextReviewDue ? `${s.nextReviewDue} (planned)` : '—')}</td>
            <td>${s.lastReviewOn ? `${s.lastReviewOn} (${s.lastOutcome})` : '—'}</td>
            <td>${s.aiSystemIds.length}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
  return page({ title: 'Supplier register', person, body });
}
