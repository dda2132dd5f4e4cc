import type { Person } from '../db/tables/people.table';

/**
 * The organisation the pages show for a signed-in person (the switcher's choice, kept in the
 * session) and the organisations they may switch to. Kept beside the page's person object, which
 * every page handler, `callApi` and the layout already receive, so none needs another argument.
 */
export interface PageOrganisations {
  sessionId: string;
  /** Undefined for someone in no organisation (an operator who is no member): nothing is narrowed, and nothing is reached. */
  current: string | undefined;
  mine: readonly { id: string; name: string }[];
  /** Someone of no organisation reading through an external auditor grant: the pages are a record to them, without forms. */
  readOnly?: boolean;
}

const byPerson = new WeakMap<Person, PageOrganisations>();

export function rememberPageOrganisations(person: Person, organisations: PageOrganisations): void {
  byPerson.set(person, organisations);
}

export function pageOrganisationsOf(person: Person): PageOrganisations | undefined {
  return byPerson.get(person);
}

/** The session's choice while the person is still a member there, else their home organisation, else the first of theirs. */
export function currentOrganisation(chosen: string | null, home: string, mine: readonly string[]): string | undefined {
  if (chosen && mine.includes(chosen)) return chosen;
  return mine.includes(home) ? home : mine[0];
}
