import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database';
import { issueToken } from '../../db/repositories/api-tokens.repository';
import { insertPerson } from '../../db/repositories/people.repository';
import type { Person } from '../../db/tables/people.table';
import type { Role } from '../../domain/roles';

/** A person with sensible defaults; override what the test is about. */
export async function newPerson(
  db: Db,
  overrides: Partial<{ name: string; email: string; timeZone: string; department: string | null; managerId: string | null; roles: Role[] }> = {},
): Promise<Person> {
  const id = randomUUID().slice(0, 8);
  return insertPerson(db, {
    name: overrides.name ?? `Person ${id}`,
    email: overrides.email ?? `person-${id}@example.org`,
    time_zone: overrides.timeZone ?? 'Europe/Berlin',
    department: overrides.department ?? 'Quality',
    manager_id: overrides.managerId ?? null,
    roles: overrides.roles ?? ['action_owner'],
  });
}

/** A person and a bearer token for them. */
export async function newPersonWithToken(db: Db, roles: Role[]): Promise<{ person: Person; token: string; tokenId: string }> {
  const person = await newPerson(db, { roles });
  const { id, secret } = await issueToken(db, person.id, 'test');
  return { person, token: secret, tokenId: id };
}

/** An AIMS in UTC of the default organisation, its programme manager a new person. */
export async function newAims(db: Db, name = 'An AIMS'): Promise<string> {
  const pm = await newPerson(db, { roles: ['programme_manager'] });
  const row = await db
    .insertInto('aims')
    .values({ name, time_zone: 'UTC', programme_manager_id: pm.id, policy: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
