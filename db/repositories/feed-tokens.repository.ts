import { randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../database';
import type { Person } from '../tables/people.table';
import { hashToken } from './api-tokens.repository';
import { lockPerson } from './people.repository';

/** 32 random bytes, base64url: 43 characters of [A-Za-z0-9_-]. */
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * Revokes the person's active feed token, if any, and creates a new one; returns the secret,
 * which is never stored. Run it in a transaction: the person row is locked first, so two
 * concurrent issues for one person queue instead of colliding on the one-active-token index.
 */
export async function issueFeedToken(
  trx: DbOrTrx,
  personId: string,
  at: Date,
): Promise<{ id: string; secret: string; createdAt: Date; revokedId: string | undefined }> {
  await lockPerson(trx, personId);
  const revokedId = await revokeFeedToken(trx, personId, at);
  const secret = randomBytes(32).toString('base64url');
  const row = await trx
    .insertInto('feed_tokens')
    .values({ person_id: personId, token_hash: hashToken(secret) })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, secret, createdAt: row.created_at, revokedId };
}

/** Revokes the person's active feed token; the id of the revoked token, or undefined if none was active. */
export async function revokeFeedToken(db: DbOrTrx, personId: string, at: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('feed_tokens')
    .set({ revoked_at: at })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The active person behind a feed secret, or undefined for a malformed, unknown or revoked one or an inactive person. */
export async function findPersonByFeedToken(db: DbOrTrx, secret: string): Promise<Person | undefined> {
  if (!SECRET_SHAPE.test(secret)) return undefined;
  return db
    .selectFrom('feed_tokens')
    .innerJoin('people', 'people.id', 'feed_tokens.person_id')
    .selectAll('people')
    .where('feed_tokens.token_hash', '=', hashToken(secret))
    .where('feed_tokens.revoked_at', 'is', null)
    .where('people.active', '=', true)
    .executeTakeFirst();
}

/** When the person's active feed token was issued, or null if none is active. */
export async function findActiveFeedTokenSince(db: DbOrTrx, personId: string): Promise<Date | null> {
  return (
    (await db.selectFrom('feed_tokens').select('created_at').where('person_id', '=', personId).where('revoked_at', 'is', null).executeTakeFirst())
      ?.created_at ?? null
  );
}
