import type { Person } from '../../db/tables/people.table';
import { html } from '../../domain/html';
import { input, select, textarea, typedOr } from '../form-controls';
import { first, type TypedForm } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import { page } from '../layout';
import { policyFields } from '../programme/policy-fields';

/** What an AIMS's settings form shows: what was typed, else what is recorded (`current`), else the defaults. */
export interface AimsSettingsValues {
  name: string;
  scope: string;
  timeZone: string;
  holidayRegion: string | null;
  closedDays: string[];
  programmeManagerId: string;
  policy: unknown;
}

/** The fields of the set-up and settings forms: name, scope, zone, holiday region, closed days, programme manager, every policy number. */
export function aimsFields(typed: TypedForm | undefined, managers: { id: string; name: string }[], current: Partial<AimsSettingsValues>) {
  const value = (name: string, fallback?: string) => first(typedOr(typed, name, fallback));
  return [
    input({ id: 'aims-name', name: 'name', label: 'Name', value: value('name', current.name), required: true }),
    textarea({ id: 'aims-scope', name: 'scope', label: 'Scope', value: value('scope', current.scope) }),
    input({
      id: 'aims-zone',
      name: 'timeZone',
      label: 'Time zone',
      hint: 'IANA, such as Europe/Berlin',
      value: value('timeZone', current.timeZone),
      required: true,
    }),
    input({
      id: 'aims-region',
      name: 'holidayRegion',
      label: 'Holiday region',
      hint: 'country or subdivision, such as DE, DE-BY, GB-ENG; empty for none',
      value: value('holidayRegion', current.holidayRegion ?? undefined),
    }),
    textarea({
      id: 'aims-closed',
      name: 'closedDays',
      label: 'Closed days',
      hint: 'one date per line, YYYY-MM-DD',
      value: value('closedDays', current.closedDays?.join('\n')),
    }),
    select({
      id: 'aims-pm',
      name: 'programmeManagerId',
      label: 'Programme manager',
      options: managers.map((m) => ({ value: m.id, text: m.name })),
      value: value('programmeManagerId', current.programmeManagerId),
      required: true,
    }),
    policyFields(typed, current.policy),
  ];
}

/** Setting up a new AIMS: name, scope, zone, holiday region and closed days, programme manager, policy. */
export function aimsSetupPage(data: {
  person: Person;
  managers: { id: string; name: string }[];
  /** The organisation's defaults for a new AIMS (its settings), when it has them. */
  defaults?: { timeZone: string | null; holidayRegion: string | null; policy: unknown };
  outcome: Outcome;
}): string {
  const fields = aimsFields(typedFor(data.outcome, 'aims'), data.managers, {
    timeZone: data.defaults?.timeZone ?? data.person.time_zone,
    holidayRegion: data.defaults?.holidayRegion ?? null,
    policy: data.defaults?.policy,
    programmeManagerId: data.person.id,
  });
  const body = formCard(data.outcome, { form: 'aims', title: 'The AIMS', action: '/ui/aims', submit: 'Set up the AIMS', fields });
  return page({ title: 'Set up an AIMS', person: data.person, body: html`${body}` });
}
