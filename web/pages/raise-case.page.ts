import type { Person } from '../../db/tables/people.table';
import { NC_SOURCES, SEVERITIES } from '../../domain/nc-case';
import { CLAUSES, CONTROLS } from '../../domain/reference/iso42001';
import { html } from '../../domain/html';
import { input, select, textarea, typedOr, wordOptions, type Option } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';

const CLAUSE_OPTIONS: Option[] = [...CLAUSES, ...CONTROLS].map((c) => ({ value: c.id, text: `${c.id} ${c.title}` }));

/**
 * Raising a nonconformity: from the register, or from an audit, a review or an external audit
 * (the address names the source and the audit, which the form carries on).
 */
export function raiseCasePage(data: { person: Person; aims: Option[]; people: Option[]; preset: Record<string, string>; outcome: Outcome }): string {
  const typed = typedFor(data.outcome, 'case');
  const value = (name: string) => first(typedOr(typed, name, data.preset[name]));
  const auditId = value('auditId');
  const fields = [
    select({ id: 'case-aims', name: 'aimsId', label: 'AIMS', options: data.aims, value: value('aimsId'), required: true }),
    input({ id: 'case-title', name: 'title', label: 'Title', value: value('title'), required: true }),
    textarea({ id: 'case-description', name: 'description', label: 'Description', value: value('description') }),
    select({ id: 'case-source', name: 'source', label: 'Source', options: wordOptions(NC_SOURCES), value: value('source'), required: true }),
    select({ id: 'case-severity', name: 'severity', label: 'Severity', options: wordOptions(SEVERITIES), value: value('severity'), required: true }),
    select({ id: 'case-clause', name: 'clauseRef', label: 'Clause or control', options: CLAUSE_OPTIONS, value: value('clauseRef'), placeholder: 'None' }),
    select({ id: 'case-owner', name: 'ownerId', label: 'Owner', options: data.people, value: value('ownerId'), required: true }),
    auditId
      ? html`<input type="hidden" name="auditId" value="${auditId}" />
          <p class="muted">Raised from audit ${auditId}.</p>`
      : '',
  ];
  const body = formCard(data.outcome, { form: 'case', title: 'The nonconformity', action: '/ui/cases', submit: 'Raise the nonconformity', fields });
  return page({ title: 'Raise a nonconformity', person: data.person, body: html`${body}` });
}
