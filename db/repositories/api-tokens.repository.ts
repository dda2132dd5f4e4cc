import { createHash, randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../database';
import type { Person } from '../tables/people.table';

const TOKEN_PREFIX = 'aims_';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates a token for a person and returns its secret, which is never stored and never shown again. */
export async function issueToken(db: DbOrTrx, personId: string, label: string): Promise<{ id: string; secret: string }> {
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('api_tokens')
    .values({ person_id: personId, label, token_hash: hashToken(secret) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, secret };
}

/** The active person behind a presented secret, or undefined for an unknown, revoked or inactive one. */
export async function findPersonByToken(db: DbOrTrx, secret: string): Promise<Person | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  return db
    .selectFrom('api_tokens')
    .innerJoin('people', 'people.id', 'api_tokens.person_id')
    .selectAll('people')
    .where('api_tokens.token_hash', '=', hashToken(secret))
    .where('api_tokens.revoked_at', 'is', null)
    .where('people.active', '=', true)
    .executeTakeFirst();
}

export async function revokeToken(db: DbOrTrx, tokenId: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every active API token of a person; the ids revoked. */
export async function revokeTokensOf(db: DbOrTrx, personId: string, at: Date): Promise<string[]> {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
