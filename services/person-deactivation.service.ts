import type { Db, DbOrTrx } from '../db/database';
import { revokeTokensOf } from '../db/repositories/api-tokens.repository';
import { recordChange, type Actor } from '../db/repositories/audit-trail.repository';
import { revokeFeedToken } from '../db/repositories/feed-tokens.repository';
import { endSessionsOfPerson } from '../db/repositories/sessions.repository';
import { findPersonById, lockPerson, markInactive } from '../db/repositories/people.repository';
import type { Person } from '../db/tables/people.table';
import { AppError } from '../domain/app-error';
import { assertAnotherAdmin } from './person-edit.service';

/**
 * Every way the person signs in or is reached without signing in, ended: API tokens, the
 * calendar feed link and the pages' sign-in sessions.
 */
export async function endSignInsOf(trx: DbOrTrx, personId: string, at: Date): Promise<{ apiTokens: string[]; feedToken: string | null; sessions: number }> {
  const apiTokens = await revokeTokensOf(trx, personId, at);
  const feedToken = (await revokeFeedToken(trx, personId, at)) ?? null;
  const sessions = await endSessionsOfPerson(trx, personId, at);
  return { apiTokens, feedToken, sessions };
}

/**
 * Marks the person inactive and ends their sign-ins, in one transaction, recorded in the audit
 * trail; their name stays on everything they did. Refused for the last active administrator.
 * A person already inactive is left as is (a deactivation resumed to hand over what remained).
 */
export async function deactivateInRecord(db: Db, personId: string, actor: Actor, at: Date): Promise<Person> {
  return db.transaction().execute(async (trx) => {
    if (!(await findPersonById(trx, personId))) throw new AppError('not_found', `no person ${personId}`);
    await lockPerson(trx, personId);
    const before = (await findPersonById(trx, personId))!;
    if (!before.active) return before;
    if (before.roles.includes('admin')) await assertAnotherAdmin(trx, personId);
    const after = await markInactive(trx, personId);
    const ended = await endSignInsOf(trx, personId, at);
    await recordChange(trx, {
      aimsId: null,
      actor,
      at,
      entityType: 'person',
      entityId: personId,
      action: 'deactivated',
      before: { active: true },
      after: { active: false, revoked: ended },
    });
    return after;
  });
}
