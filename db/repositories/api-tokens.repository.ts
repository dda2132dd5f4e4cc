import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DbOrTrx } from '../database';
import type { Person } from '../tables/people.table';
import { activeGrantsQuery, grantsOfQuery } from './external-auditor-grants.repository';
import { reachRowsQuery, type ReachRow } from './memberships.repository';

const TOKEN_PREFIX = 'aims_';

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Creates a token for a person and returns its secret, which is never stored and never shown again. */
export async function issueToken(
  db: DbOrTrx,
  personId: string,
  label: string,
  expiresAt: Date | null = null,
): Promise<{ id: string; secret: string; createdAt: Date }> {
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('api_tokens')
    .values({ person_id: personId, label, token_hash: hashToken(secret), expires_at: expiresAt })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, secret, createdAt: row.created_at };
}

/** Of the grants held at an instant, what access needs: which AIMS, in which organisation. */
export interface GrantInForce {
  id: string;
  aims_id: string;
  organisation_id: string;
}

/** What the API knows of a caller after one statement: see `findCallerByToken`. */
export interface CallerRow {
  person: Person;
  /** As `listReachRows` reads them. */
  reachRows: ReachRow[];
  /** As `listActiveGrantsOfPerson` reads them at the instant given. */
  grantsInForce: GrantInForce[];
  /** As `hasAnyGrant` answers. */
  everGranted: boolean;
}

/**
 * The active person behind a presented secret, with their memberships and external auditor
 * grants (what their reach and `isOutsideEveryGrant` are made of), in one statement: a request
 * with a token needs all of it. Undefined for an unknown, revoked or expired token or an
 * inactive person.
 */
export async function findCallerByToken(db: DbOrTrx, secret: string, at: Date): Promise<CallerRow | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('people', 'people.id', 'api_tokens.person_id')
    .selectAll('people')
    .select((eb) => [
      jsonArrayFrom(reachRowsQuery(db, eb.ref('people.id'))).as('reach_rows'),
      jsonArrayFrom(activeGrantsQuery(db, eb.ref('people.id'), at).clearSelect().select(['id', 'aims_id', 'organisation_id'])).as('grants_in_force'),
      eb
        .exists(grantsOfQuery(db, eb.ref('people.id')))
        .$castTo<boolean>()
        .as('ever_granted'),
    ])
    .where('api_tokens.token_hash', '=', hashToken(secret))
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', at)]))
    .where('people.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  const { reach_rows, grants_in_force, ever_granted, ...person } = row;
  return { person, reachRows: reach_rows, grantsInForce: grants_in_force, everGranted: ever_granted };
}

export async function revokeToken(db: DbOrTrx, tokenId: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', tokenId).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes every active API token of a person (deactivation of a leaver); the ids revoked. */
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

/** Who holds an active token (revoking one's own needs no admin). */
/** Whose an active token is, and their home organisation (whose admins may revoke it). */
export async function findActiveTokenHolder(db: DbOrTrx, tokenId: string): Promise<{ personId: string; organisationId: string } | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('people', 'people.id', 'api_tokens.person_id')
    .select(['api_tokens.person_id', 'people.organisation_id'])
    .where('api_tokens.id', '=', tokenId)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { personId: row.person_id, organisationId: row.organisation_id };
}

export interface TokenListing {
  id: string;
  person_id: string;
  person_name: string;
  label: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
}

/** Active (not revoked) tokens, newest first: of one person, or everyone's when `personId` is undefined. Never a hash. */
/** Active tokens, of one person or of everyone whose home is one of `organisationIds` (an empty list matching nobody). */
export async function listActiveTokens(db: DbOrTrx, personId: string | undefined, organisationIds?: readonly string[]): Promise<TokenListing[]> {
  let query = db
    .selectFrom('api_tokens')
    .innerJoin('people', 'people.id', 'api_tokens.person_id')
    .select([
      'api_tokens.id',
      'api_tokens.person_id',
      'people.name as person_name',
      'api_tokens.label',
      'api_tokens.created_at',
      'api_tokens.expires_at',
      'api_tokens.last_used_at',
    ])
    .where('api_tokens.revoked_at', 'is', null);
  if (personId) query = query.where('api_tokens.person_id', '=', personId);
  if (organisationIds) query = query.where(sql<boolean>`people.organisation_id = any(${[...organisationIds]}::uuid[])`);
  return query.orderBy('api_tokens.created_at', 'desc').orderBy('api_tokens.id').execute();
}
