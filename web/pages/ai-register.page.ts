import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { page } from '../layout';

type Register = ApiAnswer<'get', '/aims/:id/ai-systems'>;
type Figures = ApiAnswer<'get', '/aims/:id/ai-risks'>;

/** An AIMS's AI system register with its risks above the appetite: read-only, from the API's answers. */
export function aiRegisterPage(person: Person, register: Register, figures: Figures): string {
  const body = html`<table class="card">
      <caption>
        Systems in scope
      </caption>
      <thead>
        <tr>
          <th scope="col">System</th>
          <th scope="col">Role</th>
          <th scope="col">Classification</th>
          <th scope="col">Status</th>
          <th scope="col">Assessment due</th>
          <th scope="col">Last completed</th>
        </tr>
      </thead>
      <tbody>
        ${register.items.map(
          (s) =>
            html`<tr>
              <td><a href="/ui/ai-systems/${s.id}">${s.name}</a></td>
              <td>${s.role}</td>
              <td>${s.riskClassification}</td>
              <td>${s.status}</td>
              <td>${s.currentAssessmentDue ?? (s.nextPlannedDue ? `${s.nextPlannedDue} (planned)` : '—')}</td>
              <td>${s.lastCompletedOn ?? '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Risks above the appetite (${figures.appetite})</h2>
    <p>${figures.aboveAppetite} of ${Object.values(figures.byResidualLevel).reduce((a, b) => a + b, 0)} approved risks of active systems.</p>
    <ul>
      ${figures.risksAboveAppetite.map((r) => html`<li><a href="/ui/ai-systems/${r.systemId}">${r.system}</a>: ${r.description} (residual ${r.residualLevel})</li>`)}
    </ul>`;
  return page({ title: 'AI system register', person, body });
}
