import type { DbOrTrx } from '../database';
import type { Person } from '../tables/people.table';
import { hashToken } from './api-tokens.repository';

export async function insertSignInLink(
  db: DbOrTrx,
  link: { personId: string; secret: string; nextPath: string | null; at: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sign_in_links')
    .values({ person_id: link.personId, token_hash: hashToken(link.secret), next_path: link.nextPath, created_at: link.at, expires_at: link.expiresAt })
    .execute();
}

export type LinkState = 'usable' | 'used' | 'expired' | 'unknown';

/** What a link's secret is worth now, without using it (the confirmation page; mail scanners may fetch it). */
export async function peekSignInLink(db: DbOrTrx, secret: string, at: Date): Promise<LinkState> {
  const row = await db
    .selectFrom('sign_in_links')
    .innerJoin('people', 'people.id', 'sign_in_links.person_id')
    .select(['sign_in_links.used_at', 'sign_in_links.expires_at', 'people.active'])
    .where('token_hash', '=', hashToken(secret))
    .executeTakeFirst();
  if (!row || !row.active) return 'unknown';
  if (row.used_at) return 'used';
  return row.expires_at > at ? 'usable' : 'expired';
}

/**
 * Uses a link once: marks it used and answers its person (if active) and where they were going.
 * The update is the check, so two concurrent redemptions cannot both succeed.
 */
export async function useSignInLink(db: DbOrTrx, secret: string, at: Date): Promise<{ person: Person; nextPath: string | null } | undefined> {
  const used = await db
    .updateTable('sign_in_links')
    .set({ used_at: at })
    .where('token_hash', '=', hashToken(secret))
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['person_id', 'next_path'])
    .executeTakeFirst();
  if (!used) return undefined;
  const person = await db.selectFrom('people').selectAll().where('id', '=', used.person_id).where('active', '=', true).executeTakeFirst();
  return person ? { person, nextPath: used.next_path } : undefined;
}
