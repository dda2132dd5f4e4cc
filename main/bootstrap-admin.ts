import type { Db } from '../db/database';
import { ENGINE_ACTOR } from '../db/repositories/audit-trail.repository';
import { anyPersonExists } from '../db/repositories/people.repository';
import { createPerson, issueTokenFor } from '../services/people.service';

/**
 * On a database with nobody in it, creates a first administrator so that a new user can act
 * at once. Returns the administrator's id and token secret to print, or undefined when people exist already.
 */
export async function bootstrapAdminIfEmpty(db: Db, timeZone: string, at: Date): Promise<{ personId: string; token: string } | undefined> {
  if (await anyPersonExists(db)) return undefined;
  const admin = await createPerson(db, { name: 'Administrator', email: 'admin@localhost', timeZone, roles: ['admin', 'programme_manager'] }, ENGINE_ACTOR, at);
  return { personId: admin.id, token: (await issueTokenFor(db, admin.id, 'bootstrap', ENGINE_ACTOR, at)).secret };
}
