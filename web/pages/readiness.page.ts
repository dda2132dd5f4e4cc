import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { page } from '../layout';

type Readiness = ApiAnswer<'get', '/aims/:id/readiness'>;

/** An AIMS's gap assessment: scores, the remediation list, every item with the facts behind its status, the monthly trend. */
export function readinessPage(person: Person, r: Readiness): string {
  const body = html`<p>
      Overall readiness <strong>${r.overall}</strong> of 100 as of ${r.asOf}: ${r.counts.ready} ready, ${r.counts.partial} partial, ${r.counts.gap} gaps.
    </p>
    <table class="card">
      <caption>
        Scores by clause (Annex A: applicable controls)
      </caption>
      <thead>
        <tr>
          <th scope="col">Clause</th>
          <th scope="col">Score</th>
          <th scope="col">Items</th>
        </tr>
      </thead>
      <tbody>
        ${r.groups.map(
          (g) =>
            html`<tr>
              <td>${g.group === 'A' ? 'Annex A' : g.group}</td>
              <td>${g.score}</td>
              <td>${g.items}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Remediation, most urgent first</h2>
    <ol>
      ${r.remediation.map((i) => html`<li><strong>${i.id}</strong> ${i.title} (${i.status}): ${i.reasons.join('; ')}</li>`)}
    </ol>
    <table class="card">
      <caption>
        Every clause and applicable control
      </caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Status</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        ${r.items.map(
          (i) =>
            html`<tr>
              <td>${i.id} ${i.title}</td>
              <td>${i.status}</td>
              <td>${i.reasons.map((x) => x.text).join('; ')}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Trend</h2>
    ${
      r.trend.length
        ? html`<ul>
            ${r.trend.map((t) => html`<li>${t.month}: ${t.overall} (${t.counts.gap} gaps), taken ${t.takenOn}</li>`)}
          </ul>`
        : html`<p class="muted">No monthly figure yet: one is kept on the first day of each month.</p>`
    }`;
  return page({ title: 'Readiness', person, body });
}
