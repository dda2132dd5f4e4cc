import type { ApiAnswer } from '../../api/routes';
import type { Person } from '../../db/tables/people.table';
import { EXTERNAL_AUDIT_KINDS, STAGE_OUTCOMES } from '../../domain/certification';
import { CLAUSES, CONTROLS } from '../../domain/reference/iso42001';
import { html, type SafeHtml } from '../../domain/html';
import { input, select, textarea, typedOr, wordOptions, type Option } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';
import { PACKAGE_REFRESH_SECONDS, evidencePackagesSection, isBuilding } from './evidence-packages.section';
import { externalAuditorsSection, type Grants } from './external-auditors.section';

type Certification = ApiAnswer<'get', '/aims/:id/certification'>;

/** How many findings the external-audit form offers; rows left blank are not findings. */
export const FINDING_ROWS = [1, 2];
const ITEMS: Option[] = [...CLAUSES, ...CONTROLS].map((c) => ({ value: c.id, text: `${c.id} ${c.title}` }));

export interface CertificationData {
  person: Person;
  aims: { id: string; name: string };
  certification?: Certification;
  people: Option[];
  outcome: Outcome;
  /** The AIMS's evidence packages; undefined for someone the API does not show them to. */
  packages?: ApiAnswer<'get', '/aims/:id/evidence-packages'>['items'];
  /** The external auditor grants, for the programme manager only. */
  grants?: Grants;
  today: string;
}

function facts(c: Certification): SafeHtml {
  const stage = (s: Certification['stage1']) => (s ? `${s.date}: ${s.outcome.replaceAll('_', ' ')}` : '—');
  return html`<dl class="facts" id="certification-facts">
    <dt>Status</dt>
    <dd>${c.status.replaceAll('_', ' ')} (cycle ${c.cycle})</dd>
    <dt>Certification body</dt>
    <dd>${c.certificationBody ?? '—'}</dd>
    <dt>Stage 1</dt>
    <dd>${stage(c.stage1)}</dd>
    <dt>Stage 2</dt>
    <dd>${stage(c.stage2)}</dd>
    <dt>Decision</dt>
    <dd>${c.decisionDate ?? '—'}</dd>
    <dt>Expires</dt>
    <dd>${c.expiryDate ?? '—'}</dd>
    <dt>Restorable until</dt>
    <dd>${c.restoreUntil ?? '—'}</dd>
    <dt>Next due</dt>
    <dd>${c.nextDue ? `${c.nextDue.item} by ${c.nextDue.date}` : '—'}</dd>
    <dt>External audits due</dt>
    <dd>${c.plannedAudits.map((p) => `${p.kind} by ${p.dueDate}`).join('; ') || '—'}</dd>
  </dl>`;
}

function externalAudits(c: Certification): SafeHtml {
  if (!c.externalAudits.length) return html``;
  return html`<table>
    <caption>
      External audits of this cycle
    </caption>
    <thead>
      <tr>
        <th scope="col">Audit</th>
        <th scope="col">Date</th>
        <th scope="col">Outcome</th>
        <th scope="col">Findings</th>
      </tr>
    </thead>
    <tbody>
      ${c.externalAudits.map(
        (a) =>
          html`<tr>
            <td>${a.kind}</td>
            <td>${a.date}</td>
            <td>${a.outcome.replaceAll('_', ' ')}</td>
            <td>${a.findings.map((f) => html`<a href="/ui/cases/${f.caseId}">${f.item} (${f.severity})</a> `)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The certification record of an AIMS: the body, stages 1 and 2, the decision, external audits with findings, restoration. */
export function certificationRecordPage(data: CertificationData): string {
  const base = `/ui/aims/${data.aims.id}/certification`;
  const o = data.outcome;
  const value = (form: string, name: string, fallback?: string) => first(typedOr(typedFor(o, form), name, fallback));
  const dated = (form: string, withOutcome: boolean) => [
    input({ id: `${form}-date`, name: 'date', label: 'Date', type: 'date', value: value(form, 'date'), required: true }),
    withOutcome
      ? select({
          id: `${form}-outcome`,
          name: 'outcome',
          label: 'Outcome',
          options: wordOptions(STAGE_OUTCOMES),
          value: value(form, 'outcome'),
          required: true,
        })
      : '',
  ];
  const c = data.certification;
  const forms = !c
    ? [
        formCard(o, {
          form: 'start',
          title: 'Start the certification record',
          action: `${base}/start`,
          submit: 'Start the record',
          fields: [
            input({ id: 'start-body', name: 'certificationBody', label: 'Certification body', hint: 'optional', value: value('start', 'certificationBody') }),
          ],
        }),
      ]
    : [
        formCard(o, {
          form: 'body',
          title: 'Certification body',
          action: `${base}/body`,
          submit: 'Record the body',
          fields: [input({ id: 'body-name', name: 'name', label: 'Name', value: value('body', 'name', c.certificationBody ?? undefined), required: true })],
        }),
        formCard(o, { form: 'stage1', title: 'Stage 1 audit', action: `${base}/stage1`, submit: 'Record stage 1', fields: dated('stage1', true) }),
        formCard(o, { form: 'stage2', title: 'Stage 2 audit', action: `${base}/stage2`, submit: 'Record stage 2', fields: dated('stage2', true) }),
        formCard(o, {
          form: 'decision',
          title: 'Certification decision',
          action: `${base}/decision`,
          submit: 'Record the decision',
          fields: dated('decision', false),
        }),
        formCard(o, {
          form: 'external',
          title: 'External audit (surveillance or recertification)',
          action: `${base}/external-audits`,
          submit: 'Record the external audit',
          fields: [
            select({
              id: 'ext-kind',
              name: 'kind',
              label: 'Kind',
              options: wordOptions(EXTERNAL_AUDIT_KINDS),
              value: value('external', 'kind'),
              required: true,
            }),
            ...dated('external', true),
            ...FINDING_ROWS.map(
              (n) =>
                html`<fieldset>
                  <legend>Finding ${n} (optional; it opens a corrective-action case)</legend>
                  ${select({ id: `ext-f${n}-item`, name: `finding${n}Item`, label: 'Clause or control', options: ITEMS, value: value('external', `finding${n}Item`) })}
                  ${select({ id: `ext-f${n}-severity`, name: `finding${n}Severity`, label: 'Severity', options: wordOptions(['major', 'minor']), value: value('external', `finding${n}Severity`) })}
                  ${select({ id: `ext-f${n}-owner`, name: `finding${n}Owner`, label: 'Owner', options: data.people, value: value('external', `finding${n}Owner`) })}
                  ${textarea({ id: `ext-f${n}-description`, name: `finding${n}Description`, label: 'Description', value: value('external', `finding${n}Description`) })}
                </fieldset>`,
            ),
          ],
        }),
        formCard(o, {
          form: 'restore',
          title: 'Restoration of an expired certificate',
          action: `${base}/restore`,
          submit: 'Record the restoration',
          fields: [
            ...dated('restore', false),
            textarea({ id: 'restore-reason', name: 'reason', label: 'Reason', value: value('restore', 'reason'), required: true }),
          ],
        }),
      ];
  const body = html`${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
    <p><a href="/ui/aims/${data.aims.id}">${data.aims.name}</a>${c ? html` · <a href="${base}">certification tasks and dates</a>` : ''}</p>
    ${c ? facts(c) : html`<p>This AIMS has no certification record yet.</p>`} ${c ? externalAudits(c) : ''}
    ${data.packages ? evidencePackagesSection(data.aims.id, data.packages, o) : ''} ${forms}
    ${data.grants ? externalAuditorsSection(data.aims.id, data.grants, data.today, o) : ''}`;
  const refreshSeconds = data.packages && isBuilding(data.packages) ? PACKAGE_REFRESH_SECONDS : undefined;
  return page({ title: 'Certification', person: data.person, body, refreshSeconds });
}
