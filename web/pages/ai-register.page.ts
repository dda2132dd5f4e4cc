import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { factFields } from '../ai/fact-fields';
import { input, typedOr, type Option } from '../form-controls';
import { formCard, typedFor, type Outcome } from '../form-post';
import { first } from '../form-values';
import { page } from '../layout';

type Register = ApiAnswer<'get', '/aims/:id/ai-systems'>;
type Figures = ApiAnswer<'get', '/aims/:id/ai-risks'>;

export interface AiRegisterData {
  person: Person;
  aimsId: string;
  register: Register;
  figures: Figures;
  /** Active people, for the owner and risk owner. */
  people: Option[];
  outcome: Outcome;
}

/** An AIMS's AI system register with its risks above the appetite, from the API's answers, and the form that registers a system. */
export function aiRegisterPage(d: AiRegisterData): string {
  const { register, figures } = d;
  const typed = typedFor(d.outcome, 'ai-register');
  const registerForm = formCard(d.outcome, {
    form: 'ai-register',
    title: 'Register an AI system',
    action: `/ui/aims/${d.aimsId}/ai-systems`,
    submit: 'Register the system',
    fields: [
      ...factFields('reg', d.people, typed),
      input({
        id: 'reg-first-due',
        name: 'firstAssessmentDue',
        label: 'First assessment due',
        hint: 'blank: one opens at once',
        type: 'date',
        value: first(typedOr(typed, 'firstAssessmentDue')),
      }),
    ],
  });
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
    </ul>
    ${registerForm}`;
  return page({ title: 'AI system register', person: d.person, body });
}
