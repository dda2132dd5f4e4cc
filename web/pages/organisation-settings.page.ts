import type { Person } from '../../db/tables/people.table';
import type { ApiAnswer } from '../../api/routes';
import { html } from '../../domain/html';
import { input } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';
import { policyFields } from '../programme/policy-fields';

type Settings = ApiAnswer<'get', '/organisations/:id/settings'>;

/** An organisation's settings: its emails' sender name and reply-to, and what a new AIMS starts with. */
export function organisationSettingsPage(data: { person: Person; settings: Settings; outcome: Outcome }): string {
  const typed = typedFor(data.outcome, 'organisation');
  const value = (name: string, recorded: string | null) => (typed ? first(typed[name]) : (recorded ?? undefined));
  const fields = [
    input({
      id: 'org-sender',
      name: 'senderName',
      label: 'Sender name of its emails',
      hint: 'empty: the deployment’s',
      value: value('senderName', data.settings.senderName),
    }),
    input({ id: 'org-reply-to', name: 'replyTo', label: 'Reply-to address', hint: 'empty: none', value: value('replyTo', data.settings.replyTo) }),
    input({
      id: 'org-zone',
      name: 'defaultTimeZone',
      label: 'Default time zone of a new AIMS',
      hint: 'IANA, such as Europe/Berlin',
      value: value('defaultTimeZone', data.settings.defaultTimeZone),
    }),
    input({
      id: 'org-region',
      name: 'defaultHolidayRegion',
      label: 'Default holiday region of a new AIMS',
      hint: 'such as DE, DE-BY, GB-ENG; empty for none',
      value: value('defaultHolidayRegion', data.settings.defaultHolidayRegion),
    }),
    policyFields(typed, data.settings.defaultPolicy),
  ];
  const body = formCard(data.outcome, {
    form: 'organisation',
    title: 'Settings',
    action: `/ui/organisations/${data.settings.id}/settings`,
    submit: 'Save the settings',
    fields,
  });
  return page({
    title: `${data.settings.name}: settings`,
    person: data.person,
    body: html`<h1>${data.settings.name}</h1>
      ${data.outcome.notice ? html`<p class="notice" role="status">${data.outcome.notice}</p>` : ''}
      <p class="muted">AIMS already set up keep their own zone, holiday region and policy.</p>
      ${body}`,
  });
}
