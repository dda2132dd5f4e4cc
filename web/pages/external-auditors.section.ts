import type { ApiAnswer } from '../../api/routes';
import { html, type SafeHtml } from '../../domain/html';
import { input, select, typedOr } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';

export type Grants = ApiAnswer<'get', '/aims/:id/external-auditors'>;

/** The audit whose default period is prefilled: the first not over yet (else the latest on record). */
function prefilledPeriod(grants: Grants, today: string): Grants['defaultPeriods'][number] | undefined {
  return grants.defaultPeriods.find((p) => p.until >= today) ?? grants.defaultPeriods.at(-1);
}

function grantRows(aimsId: string, grants: Grants): SafeHtml {
  if (!grants.items.length) return html`<p>No external auditor has been granted access to this AIMS.</p>`;
  return html`<table id="external-auditor-grants">
    <caption>
      External auditor access
    </caption>
    <thead>
      <tr>
        <th scope="col">Auditor</th>
        <th scope="col">For</th>
        <th scope="col">From</th>
        <th scope="col">Until</th>
        <th scope="col">State</th>
        <th scope="col">Revoke</th>
      </tr>
    </thead>
    <tbody>
      ${grants.items.map(
        (g) =>
          html`<tr>
            <td>${g.personName}</td>
            <td>${g.audit ?? '—'}</td>
            <td>${g.from}</td>
            <td>${g.until}</td>
            <td>${g.state}</td>
            <td>
              ${
                g.state === 'in force' || g.state === 'upcoming'
                  ? html`<form method="post" action="/ui/aims/${aimsId}/external-auditors/${g.id}/revocation" aria-label="Revoke the access of ${g.personName}">
                      <button type="submit">Revoke</button>
                    </form>`
                  : ''
              }
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/**
 * The programme manager's part of the certification page for external auditor access (issue #14):
 * the grant form with the next certification audit's default period (its date ± 7 days)
 * prefilled, the grants with a revoke button each, and the sign-in address to send the auditor.
 */
export function externalAuditorsSection(aimsId: string, grants: Grants, today: string, outcome: Outcome): SafeHtml {
  const typed = typedFor(outcome, 'grant');
  const period = prefilledPeriod(grants, today);
  const value = (name: string, fallback?: string) => first(typedOr(typed, name, fallback));
  const audits = grants.defaultPeriods.map((p) => ({ value: p.audit, text: `${p.audit} (${p.auditDate})` }));
  return html`<section aria-labelledby="external-auditors-heading">
    <h2 id="external-auditors-heading">Auditor access</h2>
    <p>
      The certification body's auditor reads this AIMS (pages, records, exports, evidence) and nothing else, from the first to the last day given, in this
      AIMS's zone; every view and download is written to the audit trail. After granting, send the auditor this address:
      <a href="${grants.signInUrl}" id="auditor-sign-in-url">${grants.signInUrl}</a>. They enter their email there and receive a one-time sign-in link.
    </p>
    ${grantRows(aimsId, grants)}
    ${formCard(outcome, {
      form: 'grant',
      title: 'Grant an external auditor access',
      action: `/ui/aims/${aimsId}/external-auditors`,
      submit: 'Grant access',
      fields: [
        input({ id: 'grant-name', name: 'name', label: 'Auditor name', value: value('name'), required: true }),
        input({ id: 'grant-email', name: 'email', label: 'Auditor email', value: value('email'), required: true }),
        select({
          id: 'grant-audit',
          name: 'audit',
          label: 'Certification audit',
          hint: 'its date ± 7 days, unless the dates below are changed',
          options: audits,
          value: value('audit', period?.audit),
          placeholder: 'None: give the dates',
        }),
        input({ id: 'grant-from', name: 'from', label: 'First day', type: 'date', value: value('from', period?.from) }),
        input({ id: 'grant-until', name: 'until', label: 'Last day', type: 'date', value: value('until', period?.until) }),
      ],
    })}
  </section>`;
}
