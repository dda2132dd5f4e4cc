import type { Db } from '../db/database';
import { findPersonByToken } from '../db/repositories/api-tokens.repository';
import type { Person } from '../db/tables/people.table';
import type { Role } from '../domain/roles';
import { AppError } from '../domain/app-error';

/** Resolves the bearer token of a request to its person, or fails with 401. */
export async function authenticate(db: Db, authorization: string | undefined): Promise<Person> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) throw new AppError('unauthenticated', 'send an API token as "Authorization: Bearer <token>"');
  const person = await findPersonByToken(db, match[1]);
  if (!person) throw new AppError('unauthenticated', 'the API token is unknown, revoked, or its person is inactive');
  return person;
}

/** Fails with 403 unless the person holds one of the roles. */
export function requireRole(person: Person, allowed: readonly Role[]): void {
  if (!person.roles.some((role) => allowed.includes(role))) {
    throw new AppError('forbidden', `this needs one of the roles ${allowed.join(', ')}; you have ${person.roles.join(', ') || 'none'}`);
  }
}
