import { missingRow } from './classify-failure';
import type { Db } from '../db/database';
import { findPersonById } from '../db/repositories/people.repository';
import type { Person } from '../db/tables/people.table';

/** The manager of a person: the first escalation step of their tasks. */
export function createManagerOf({ db }: { db: Db }) {
  return async function managerOf(personId: string): Promise<string | null> {
    const person = await findPersonById(db, personId);
    if (!person) throw missingRow(`person ${personId} does not exist`);
    return activeManagerOf(db, person);
  };
}

/** A person's manager while that manager is active; a manager who has left escalates nothing (the programme manager steps in). */
export async function activeManagerOf(db: Db, person: Pick<Person, 'manager_id'>): Promise<string | null> {
  if (!person.manager_id) return null;
  const manager = await findPersonById(db, person.manager_id);
  return manager?.active ? manager.id : null;
}
