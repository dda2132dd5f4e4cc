import type { DbOrTrx } from '../database';
import type { Person } from '../tables/people.table';
import type { SignInMethod } from '../tables/web-sessions.table';
import { hashToken } from './api-tokens.repository';

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** Opens a session for a person under a secret the caller generated (only its hash is stored). */
export async function insertSession(db: DbOrTrx, personId: string, secret: string, method: SignInMethod, at: Date, limits: SessionLimits): Promise<string> {
  const row = await db
    .insertInto('web_sessions')
    .values({
      person_id: personId,
      secret_hash: hashToken(secret),
      method,
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(at.getTime() + limits.absoluteMs),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The active person of a live session (not ended, within its absolute expiry, used within the
 * idle limit), with the session's id and when it was last seen; undefined otherwise.
 */
export async function findSessionPerson(
  db: DbOrTrx,
  secret: string,
  at: Date,
  idleMs: number,
): Promise<{ sessionId: string; lastSeenAt: Date; organisationId: string | null; person: Person } | undefined> {
  const row = await db
    .selectFrom('web_sessions')
    .innerJoin('people', 'people.id', 'web_sessions.person_id')
    .selectAll('people')
    .select(['web_sessions.id as session_id', 'web_sessions.last_seen_at as session_last_seen_at', 'web_sessions.organisation_id as session_organisation_id'])
    .where('web_sessions.secret_hash', '=', hashToken(secret))
    .where('web_sessions.ended_at', 'is', null)
    .where('web_sessions.expires_at', '>', at)
    .where('web_sessions.last_seen_at', '>', new Date(at.getTime() - idleMs))
    .where('people.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const { session_id, session_last_seen_at, session_organisation_id, ...person } = row;
  return { sessionId: session_id, lastSeenAt: session_last_seen_at, organisationId: session_organisation_id, person };
}

/** Makes an organisation the session's current one (the pages' switcher). */
export async function setSessionOrganisation(db: DbOrTrx, sessionId: string, organisationId: string): Promise<void> {
  await db.updateTable('web_sessions').set({ organisation_id: organisationId }).where('id', '=', sessionId).where('ended_at', 'is', null).execute();
}

/** Moves the idle expiry forward. */
export async function touchSession(db: DbOrTrx, sessionId: string, at: Date): Promise<void> {
  await db.updateTable('web_sessions').set({ last_seen_at: at }).where('id', '=', sessionId).where('ended_at', 'is', null).execute();
}

/** Ends the session a secret names (signing out); ending an ended or unknown one does nothing. */
export async function endSessionBySecret(db: DbOrTrx, secret: string, at: Date): Promise<void> {
  await db.updateTable('web_sessions').set({ ended_at: at }).where('secret_hash', '=', hashToken(secret)).where('ended_at', 'is', null).execute();
}

/**
 * Ends every open session of a person ("sign out everywhere", and deactivation of a leaver);
 * answers how many were open.
 */
export async function endSessionsOfPerson(db: DbOrTrx, personId: string, at: Date = new Date()): Promise<number> {
  const result = await db.updateTable('web_sessions').set({ ended_at: at }).where('person_id', '=', personId).where('ended_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many live sessions a person has (the account page shows it). */
export async function countLiveSessions(db: DbOrTrx, personId: string, at: Date, idleMs: number): Promise<number> {
  const row = await db
    .selectFrom('web_sessions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', at)
    .where('last_seen_at', '>', new Date(at.getTime() - idleMs))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
