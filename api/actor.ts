import type { Person } from '../db/tables/people.table';
import type { Actor } from '../domain/actor';

/** The caller as workflows and the audit trail see them. */
export const actorOf = (person: Person): Actor => ({ id: person.id, name: person.name, roles: person.roles });
