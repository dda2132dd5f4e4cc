import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { Role } from '../../domain/roles';
import type { PeopleTable, Person } from '../tables/people.table';

export type NewPerson = Insertable<PeopleTable>;

export async function insertPerson(db: DbOrTrx, person: NewPerson): Promise<Person> {
  return db.insertInto('people').values(person).returningAll().executeTakeFirstOrThrow();
}

export async function findPersonById(db: DbOrTrx, id: string): Promise<Person | undefined> {
  return db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPersonByEmail(db: DbOrTrx, email: string): Promise<Person | undefined> {
  return db
    .selectFrom('people')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function listPeople(db: DbOrTrx): Promise<Person[]> {
  return db.selectFrom('people').selectAll().orderBy('name').orderBy('id').execute();
}

/** Active people holding a role, by id: e.g. everyone in management for an escalation. */
export async function activeIdsWithRole(db: DbOrTrx, role: Role): Promise<string[]> {
  const rows = await db
    .selectFrom('people')
    .select('id')
    .where('active', '=', true)
    .where(({ eb, val }) => eb(val(role), '=', eb.fn.any('roles')))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}
