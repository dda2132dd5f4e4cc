import type { Expression } from 'kysely';
import type { DbOrTrx } from '../database';
import type { ExternalAuditorGrant } from '../tables/external-auditor-grants.table';

export interface NewGrant {
  organisationId: string;
  aimsId: string;
  personId: string;
  audit: string | null;
  fromDate: string;
  untilDate: string;
  validFrom: Date;
  validUntil: Date;
  grantedBy: string;
  grantedAt: Date;
}

export async function insertGrant(db: DbOrTrx, grant: NewGrant): Promise<ExternalAuditorGrant> {
  return db
    .insertInto('external_auditor_grants')
    .values({
      organisation_id: grant.organisationId,
      aims_id: grant.aimsId,
      person_id: grant.personId,
      audit: grant.audit,
      from_date: grant.fromDate,
      until_date: grant.untilDate,
      valid_from: grant.validFrom,
      valid_until: grant.validUntil,
      granted_by: grant.grantedBy,
      granted_at: grant.grantedAt,
      revoked_by: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An AIMS's grants with their auditor's name, newest period first (revoked and past ones too: the record). */
export async function listGrantsOfAims(db: DbOrTrx, aimsId: string): Promise<(ExternalAuditorGrant & { person_name: string })[]> {
  return db
    .selectFrom('external_auditor_grants as g')
    .innerJoin('people as p', 'p.id', 'g.person_id')
    .selectAll('g')
    .select('p.name as person_name')
    .where('g.aims_id', '=', aimsId)
    .orderBy('g.valid_from', 'desc')
    .orderBy('g.granted_at', 'desc')
    .execute();
}

export async function findGrantOfAims(db: DbOrTrx, aimsId: string, grantId: string): Promise<ExternalAuditorGrant | undefined> {
  return db.selectFrom('external_auditor_grants').selectAll().where('aims_id', '=', aimsId).where('id', '=', grantId).executeTakeFirst();
}

/** Ends a grant now; only a grant not revoked yet is touched (undefined otherwise). */
export async function revokeGrant(db: DbOrTrx, grantId: string, by: string, at: Date): Promise<ExternalAuditorGrant | undefined> {
  return db
    .updateTable('external_auditor_grants')
    .set({ revoked_by: by, revoked_at: at })
    .where('id', '=', grantId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** The grants a person holds at an instant (not revoked, within their period): what they reach as an external auditor. */
export async function listActiveGrantsOfPerson(
  db: DbOrTrx,
  personId: string,
  at: Date,
): Promise<Pick<ExternalAuditorGrant, 'id' | 'aims_id' | 'organisation_id' | 'valid_until'>[]> {
  return activeGrantsQuery(db, personId, at).execute();
}

/** The query of `listActiveGrantsOfPerson`, for a person id or (inside a caller's lookup) the column holding it. */
export function activeGrantsQuery(db: DbOrTrx, personId: string | Expression<string>, at: Date) {
  return db
    .selectFrom('external_auditor_grants')
    .select(['id', 'aims_id', 'organisation_id', 'valid_until'])
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .where('valid_from', '<=', at)
    .where('valid_until', '>', at)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('organisation_deletions as d').select('d.organisation_id').whereRef('d.organisation_id', '=', 'external_auditor_grants.organisation_id'),
        ),
      ),
    );
}

/** Whether a person has ever been granted external auditor access (then access outside a grant signs them out). */
export async function hasAnyGrant(db: DbOrTrx, personId: string): Promise<boolean> {
  return (await grantsOfQuery(db, personId).limit(1).executeTakeFirst()) !== undefined;
}

/** Every grant a person was ever given (an `exists` of it is `hasAnyGrant` inside a caller's lookup). */
export function grantsOfQuery(db: DbOrTrx, personId: string | Expression<string>) {
  return db.selectFrom('external_auditor_grants').select('id').where('person_id', '=', personId);
}
