import type { ApiAnswer } from '../../api/routes';
import { PACKAGE_KINDS } from '../../domain/evidence-package';
import { html, type SafeHtml } from '../../domain/html';
import { input, select, typedOr, wordOptions } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';

type Package = ApiAnswer<'get', '/aims/:id/evidence-packages'>['items'][number];

/** While a package builds, the page reloads itself this often (pages run no script). */
export const PACKAGE_REFRESH_SECONDS = 3;

export const isBuilding = (packages: readonly Package[]) => packages.some((p) => p.status === 'building');

function stateOf(aimsId: string, p: Package): SafeHtml {
  if (p.status === 'building') return html`<span class="package-progress">building: ${p.progress.done} of ${p.progress.total || '…'} files</span>`;
  if (p.status === 'failed') return html`<span class="error">failed: ${p.failure ?? 'unknown reason'}</span>`;
  return html`<a href="/ui/aims/${aimsId}/evidence-packages/${p.id}/package.zip" download>Download the ZIP</a>
    <span class="muted">sha256 <code>${p.sha256}</code></span>`;
}

/** The audit evidence packages of an AIMS on its certification page: the form that builds one and each package's state. */
export function evidencePackagesSection(aimsId: string, packages: readonly Package[], outcome: Outcome): SafeHtml {
  const typed = typedFor(outcome, 'package');
  const rows = packages.map(
    (p) =>
      html`<tr class="evidence-package" data-id="${p.id}">
        <td>${p.kind}</td>
        <td>${p.asOf.slice(0, 16).replace('T', ' ')} UTC</td>
        <td>${p.periodStart}</td>
        <td>${stateOf(aimsId, p)}</td>
      </tr>`,
  );
  return html`<section class="card" aria-labelledby="packages-heading">
      <h2 id="packages-heading">Audit evidence packages</h2>
      ${
        packages.length
          ? html`<table id="evidence-packages">
              <caption>
                Packages, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">For</th>
                  <th scope="col">As of</th>
                  <th scope="col">Period from</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>`
          : html`<p>No package built yet.</p>`
      }
    </section>
    ${formCard(outcome, {
      form: 'package',
      title: 'Build an evidence package as of now',
      action: `/ui/aims/${aimsId}/evidence-packages`,
      submit: 'Build the package',
      fields: [
        select({
          id: 'package-kind',
          name: 'kind',
          label: 'For the audit',
          options: wordOptions(PACKAGE_KINDS),
          value: first(typedOr(typed, 'kind')),
          required: true,
        }),
        input({
          id: 'package-period',
          name: 'periodStart',
          label: 'Period from',
          hint: 'optional; a year back by default',
          type: 'date',
          value: first(typedOr(typed, 'periodStart')),
        }),
      ],
    })}`;
}
