import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
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
