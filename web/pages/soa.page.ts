import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { ANNEX_A_AREAS } from '../../domain/reference/iso42001';
import { html } from '../../domain/html';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';

type Entry = ApiAnswer<'get', '/aims/:id/soa'>['items'][number];

/** The Statement of Applicability: the controls by Annex A area, applicable or not, with the justification and who set it. */
export function soaPage(data: { person: Person; aims: { id: string; name: string }; entries: Entry[]; outcome: Outcome }): string {
  const typed = typedFor(data.outcome, 'soa');
  const rows = (entry: Entry) => {
    const applicable = typed ? first(typed[`applicable.${entry.controlId}`]) : entry.applicable ? 'yes' : 'no';
    const justification = typed ? (first(typed[`justification.${entry.controlId}`]) ?? '') : entry.justification;
    const id = entry.controlId.replaceAll('.', '-');
    return html`<tr>
      <th scope="row">${entry.controlId}</th>
      <td>${entry.title}</td>
      <td>
        <label class="visually-hidden" for="app-${id}">${entry.controlId} applicable</label>
        <select id="app-${id}" name="applicable.${entry.controlId}">
          <option value="yes" ${applicable === 'yes' ? html` selected` : ''}>Applicable</option>
          <option value="no" ${applicable === 'no' ? html` selected` : ''}>Not applicable</option>
        </select>
      </td>
      <td>
        <label class="visually-hidden" for="just-${id}">${entry.controlId} justification</label>
        <textarea id="just-${id}" name="justification.${entry.controlId}">${justification}</textarea>
      </td>
      <td class="muted">${entry.changedBy ? `${entry.changedBy}, ${entry.changedAt!.slice(0, 16).replace('T', ' ')} UTC` : 'as set up'}</td>
    </tr>`;
  };
  const tables = ANNEX_A_AREAS.map((area) => {
    const inArea = data.entries.filter((e) => e.area === area.id);
    return inArea.length
      ? html`<table>
          <caption>
            ${area.id} ${area.title}
          </caption>
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Title</th>
              <th scope="col">Applicable</th>
              <th scope="col">Justification (required when not applicable)</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            ${inArea.map(rows)}
          </tbody>
        </table>`
      : '';
  });
  const body = html`${data.outcome.notice ? html`<p class="notice" role="status">${data.outcome.notice}</p>` : ''}
    <p><a href="/ui/aims/${data.aims.id}">${data.aims.name}</a></p>
    <p>Export the statement: <a href="/ui/aims/${data.aims.id}/soa.pdf" download>PDF</a> · <a href="/ui/aims/${data.aims.id}/soa.xlsx" download>XLSX</a></p>
    ${formCard(data.outcome, { form: 'soa', title: 'Annex A controls', action: `/ui/aims/${data.aims.id}/soa`, submit: 'Save the statement', fields: tables })}`;
  return page({ title: 'Statement of Applicability', person: data.person, body });
}
