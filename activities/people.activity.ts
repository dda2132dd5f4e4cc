import { missingRow } from './classify-failure';
import type { Db } from '../db/database';
import { findPersonById } from '../db/repositories/people.repository';

/** The manager of a person: the first escalation step of their tasks. */
export function createManagerOf({ db }: { db: Db }) {
  return async function managerOf(personId: string): Promise<string | null> {
    const person = await findPersonById(db, personId);
    if (!person) throw missingRow(`person ${personId} does not exist`);
    return person.manager_id;
  };
}
