import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { CADENCES } from '../../domain/audit';
import { html } from '../../domain/html';
import { input, select, textarea, typedOr, wordOptions } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';

type Programme = ApiAnswer<'get', '/aims/:id/programme'>;
type Coverage = ApiAnswer<'get', '/aims/:id/coverage'>['items'];

export interface ProgrammeData {
  person: Person;
  aims: { id: string; name: string };
  programme?: Programme;
  coverage: Coverage;
  outcome: Outcome;
}

/** Start form while there is no programme; otherwise its occurrences, a cadence change, pause or resume. */
function steering(data: ProgrammeData) {
  const base = `/ui/aims/${data.aims.id}/programme`;
  const p = data.programme;
  if (!p) {
    const typed = typedFor(data.outcome, 'start');
    return formCard(data.outcome, {
      form: 'start',
      title: 'Start the audit programme',
      action: `${base}/start`,
      submit: 'Start the programme',
      fields: [
        select({
          id: 'start-cadence',
          name: 'cadence',
          label: 'Cadence',
          options: wordOptions(CADENCES),
          value: first(typedOr(typed, 'cadence', 'quarterly')),
          required: true,
        }),
        input({
          id: 'start-anchor',
          name: 'anchorDate',
          label: 'Fieldwork of the first audit',
          type: 'date',
          value: first(typedOr(typed, 'anchorDate')),
          required: true,
        }),
      ],
    });
  }
  const cadenceTyped = typedFor(data.outcome, 'cadence');
  const pauseTyped = typedFor(data.outcome, 'pause');
  return html`<dl class="facts">
      <dt>Cadence</dt>
      <dd>${p.cadence.replaceAll('_', ' ')} from ${p.anchorDate}</dd>
      <dt>State</dt>
      <dd>${p.paused ? 'paused' : 'running'}</dd>
    </dl>
    <table>
      <caption>
        Coming audits (move or skip one on the
        <a href="/ui/calendar?aimsId=${data.aims.id}">audit calendar</a
        >)
      </caption>
      <thead>
        <tr>
          <th scope="col">Occurrence</th>
          <th scope="col">Fieldwork from</th>
          <th scope="col">Status</th>
          <th scope="col">Predicted scope</th>
        </tr>
      </thead>
      <tbody>
        ${p.upcoming.map(
          (o) =>
            html`<tr class="occurrence">
              <td>${o.index + 1}</td>
              <td>${o.fieldworkStart}</td>
              <td>${o.status}${o.reason ? html` (${o.reason})` : ''}</td>
              <td>${o.predictedScope.join(', ')}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${formCard(data.outcome, {
      form: 'cadence',
      title: 'Change the cadence',
      action: `${base}/cadence`,
      submit: 'Change the cadence',
      fields: [
        select({
          id: 'cad-cadence',
          name: 'cadence',
          label: 'New cadence',
          options: wordOptions(CADENCES),
          value: first(typedOr(cadenceTyped, 'cadence', p.cadence)),
          required: true,
        }),
        input({
          id: 'cad-anchor',
          name: 'anchorDate',
          label: 'Fieldwork of the first audit of the new series',
          type: 'date',
          value: first(typedOr(cadenceTyped, 'anchorDate')),
          required: true,
        }),
        textarea({ id: 'cad-reason', name: 'reason', label: 'Reason', value: first(typedOr(cadenceTyped, 'reason')), required: true }),
      ],
    })}
    ${formCard(data.outcome, {
      form: 'pause',
      title: p.paused ? 'Resume the programme' : 'Pause the programme',
      action: `${base}/${p.paused ? 'resume' : 'pause'}`,
      submit: p.paused ? 'Resume' : 'Pause',
      fields: [textarea({ id: 'pause-reason', name: 'reason', label: 'Reason', value: first(typedOr(pauseTyped, 'reason')), required: true })],
    })}`;
}

/** The audit programme of an AIMS and its coverage matrix: each clause and control, last audited, result, next planned. */
export function programmePage(data: ProgrammeData): string {
  const rows = data.coverage.map(
    (c) =>
      html`<tr class="coverage-row" data-item="${c.itemId}">
        <th scope="row">${c.itemId}</th>
        <td>${c.title}</td>
        <td>${c.applicable ? c.kind : html`<span class="muted">not applicable</span>`}</td>
        <td>${c.lastAudited ?? '—'}</td>
        <td>${c.lastResult?.replaceAll('_', ' ') ?? '—'}</td>
        <td>${c.nextPlanned ? html`<a href="/ui/audits/${c.nextPlanned.auditId}">${c.nextPlanned.reference}</a> ${c.nextPlanned.fieldworkStart}` : '—'}</td>
      </tr>`,
  );
  const body = html`${data.outcome.notice ? html`<p class="notice" role="status">${data.outcome.notice}</p>` : ''}
    <p><a href="/ui/aims/${data.aims.id}">${data.aims.name}</a></p>
    ${steering(data)}
    <h2>Coverage</h2>
    <p>Export the coverage matrix: <a href="/ui/aims/${data.aims.id}/coverage.xlsx" download>XLSX</a></p>
    <div class="scroll" tabindex="0" role="region" aria-label="The table, scrollable sideways">
      <table id="coverage">
        <caption>
          Coverage matrix: every clause and Annex A control
        </caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Title</th>
            <th scope="col">Kind</th>
            <th scope="col">Last audited</th>
            <th scope="col">Result</th>
            <th scope="col">Next planned</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>`;
  return page({ title: 'Audit programme', person: data.person, body });
}
