import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { input, select, textarea, typedOr } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';
import { policyFields } from '../programme/policy-fields';

/** Setting up a new AIMS: name, scope, zone, holiday region and closed days, programme manager, policy. */
export function aimsSetupPage(data: { person: Person; managers: { id: string; name: string }[]; outcome: Outcome }): string {
  const typed = typedFor(data.outcome, 'aims');
  const value = (name: string, fallback?: string) => first(typedOr(typed, name, fallback));
  const fields = [
    input({ id: 'aims-name', name: 'name', label: 'Name', value: value('name'), required: true }),
    textarea({ id: 'aims-scope', name: 'scope', label: 'Scope', value: value('scope') }),
    input({
      id: 'aims-zone',
      name: 'timeZone',
      label: 'Time zone',
      hint: 'IANA, such as Europe/Berlin',
      value: value('timeZone', data.person.time_zone),
      required: true,
    }),
    input({
      id: 'aims-region',
      name: 'holidayRegion',
      label: 'Holiday region',
      hint: 'country or subdivision, such as DE, DE-BY, GB-ENG; empty for none',
      value: value('holidayRegion'),
    }),
    textarea({ id: 'aims-closed', name: 'closedDays', label: 'Closed days', hint: 'one date per line, YYYY-MM-DD', value: value('closedDays') }),
    select({
      id: 'aims-pm',
      name: 'programmeManagerId',
      label: 'Programme manager',
      options: data.managers.map((m) => ({ value: m.id, text: m.name })),
      value: value('programmeManagerId', data.person.id),
      required: true,
    }),
    policyFields(typed),
  ];
  const body = formCard(data.outcome, { form: 'aims', title: 'The AIMS', action: '/ui/aims', submit: 'Set up the AIMS', fields: fields });
  return page({ title: 'Set up an AIMS', person: data.person, body: html`${body}` });
}
