import { missingRow } from './classify-failure';
import type { Db } from '../db/database';
import { findPersonWithActiveManager } from '../db/repositories/people.repository';

/** The manager of a person: the first escalation step of their tasks. */
export function createManagerOf({ db }: { db: Db }) {
  return async function managerOf(personId: string): Promise<string | null> {
    const person = await findPersonWithActiveManager(db, personId);
    if (!person) throw missingRow(`person ${personId} does not exist`);
    // A manager who has left escalates nothing (the programme manager steps in).
    return person.active_manager_id;
  };
}
