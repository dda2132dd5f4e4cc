import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';
import { aimsFields } from './aims-setup.page';
import { policyRows } from '../programme/policy-fields';

type Aims = ApiAnswer<'get', '/aims/:id'>;

/** The links from an AIMS to each of its programme manager's pages. */
export const aimsLinks = (aimsId: string) => [
  { text: 'Statement of Applicability', href: `/ui/aims/${aimsId}/soa` },
  { text: 'Audit programme and coverage', href: `/ui/aims/${aimsId}/programme` },
  { text: 'Management reviews', href: `/ui/aims/${aimsId}/reviews` },
  { text: 'Certification', href: `/ui/aims/${aimsId}/certification/record` },
  { text: 'Nonconformity register', href: `/ui/cases?aimsId=${aimsId}` },
  { text: 'Document register', href: `/ui/aims/${aimsId}/documents` },
  { text: 'Supplier register', href: `/ui/aims/${aimsId}/suppliers` },
  { text: 'Readiness (gap assessment)', href: `/ui/aims/${aimsId}/readiness` },
  { text: 'Audit calendar', href: `/ui/calendar?aimsId=${aimsId}` },
  { text: 'Audit trail (CSV)', href: `/ui/aims/${aimsId}/audit-trail.csv` },
];

/** One AIMS: its settings, every policy number beside its default, and the way to its cycles. */
export function aimsPage(data: { person: Person; aims: Aims; managers: { id: string; name: string }[]; outcome: Outcome }): string {
  const { aims } = data;
  const managerName = data.managers.find((m) => m.id === aims.programmeManagerId)?.name ?? '—';
  // Only a programme manager may change them (the API decides); others see the settings only.
  const settings = data.person.roles.includes('programme_manager')
    ? formCard(data.outcome, {
        form: 'settings',
        title: 'Change the settings',
        action: `/ui/aims/${aims.id}/settings`,
        submit: 'Save the settings',
        fields: aimsFields(typedFor(data.outcome, 'settings'), data.managers, aims),
      })
    : '';
  const body = html`${data.outcome.notice ? html`<p class="notice" role="status">${data.outcome.notice}</p>` : ''}
    <nav aria-label="This AIMS" class="card">
      <ul>
        ${aimsLinks(aims.id).map((l) => html`<li><a href="${l.href}">${l.text}</a></li>`)}
      </ul>
    </nav>
    <dl class="facts">
      <dt>Scope</dt>
      <dd>${aims.scope || '—'}</dd>
      <dt>Time zone</dt>
      <dd>${aims.timeZone}</dd>
      <dt>Holiday region</dt>
      <dd>${aims.holidayRegion ?? 'none'}</dd>
      <dt>Closed days</dt>
      <dd>${aims.closedDays.join(', ') || 'none'}</dd>
      <dt>Programme manager</dt>
      <dd>${managerName}</dd>
    </dl>
    <table>
      <caption>
        Policy in force
      </caption>
      <thead>
        <tr>
          <th scope="col">Setting</th>
          <th scope="col">In force</th>
          <th scope="col">Default</th>
        </tr>
      </thead>
      <tbody>
        ${policyRows(aims.policy).map(
          (r) =>
            html`<tr>
              <th scope="row">${r.name}</th>
              <td>${r.value}</td>
              <td class="muted">${r.fallback}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${settings}`;
  return page({ title: aims.name, person: data.person, body });
}
