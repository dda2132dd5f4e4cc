import { sql, type Expression } from 'kysely';
import type { DbOrTrx } from '../database';
import type { Role } from '../../domain/roles';

/**
 * One row per (AIMS reached, role): organisation-wide memberships expand to every AIMS of their
 * organisation; a membership in an organisation without AIMS yet comes back with `aims_id` null
 * (it still carries the organisation's roles). `organisation_wide` says which roles hold on the
 * whole organisation (people administration, new AIMS).
 */
export interface ReachRow {
  organisation_id: string;
  aims_id: string | null;
  role: Role;
  organisation_wide: boolean;
}

export async function listReachRows(db: DbOrTrx, personId: string): Promise<ReachRow[]> {
  return reachRowsQuery(db, personId).execute();
}

/** The query of `listReachRows`, for a person id or (inside a caller's lookup) the column holding it. */
export function reachRowsQuery(db: DbOrTrx, personId: string | Expression<string>) {
  return (
    db
      .selectFrom('memberships as m')
      .leftJoin('aims as a', (join) =>
        join.onRef('a.organisation_id', '=', 'm.organisation_id').on((eb) => eb.or([eb('m.aims_id', 'is', null), eb('a.id', '=', eb.ref('m.aims_id'))])),
      )
      .select(['m.organisation_id', 'a.id as aims_id', 'm.role', sql<boolean>`m.aims_id is null`.as('organisation_wide')])
      .where('m.person_id', '=', personId)
      // An organisation being deleted is out of everyone's reach from the moment it is asked for.
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('organisation_deletions as d').select('d.organisation_id').whereRef('d.organisation_id', '=', 'm.organisation_id'))),
      )
  );
}

export async function insertMembership(db: DbOrTrx, row: { personId: string; organisationId: string; aimsId: string | null; role: Role }): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ person_id: row.personId, organisation_id: row.organisationId, aims_id: row.aimsId, role: row.role })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The organisations a person belongs to in any way (home organisation included). */
export async function listOrganisationIdsOfPerson(db: DbOrTrx, personId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('organisation_id')
    .where('person_id', '=', personId)
    .union(db.selectFrom('people').select('organisation_id').where('id', '=', personId))
    .execute();
  return rows.map((r) => r.organisation_id);
}

/** The memberships that give `role` on an AIMS: organisation-wide ones of its organisation, and those on that AIMS alone. */
function membershipsWithRoleOnAims(db: DbOrTrx, role: Role, aimsId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('aims as a', 'a.organisation_id', 'm.organisation_id')
    .where('a.id', '=', aimsId)
    .where('m.role', '=', role)
    .where((eb) => eb.or([eb('m.aims_id', 'is', null), eb('m.aims_id', '=', aimsId)]));
}

/**
 * Active people holding a role on an AIMS (organisation-wide or on that AIMS alone), by id: whom
 * a role-addressed email about one of the AIMS's items goes to.
 */
export async function activeIdsWithRoleOnAims(db: DbOrTrx, role: Role, aimsId: string): Promise<string[]> {
  const rows = await membershipsWithRoleOnAims(db, role, aimsId)
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select('p.id')
    .distinct()
    .where('p.active', '=', true)
    .orderBy('p.id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Who may receive a task's timed emails, in one statement: the active people among `ids` (the
 * owner, their manager, the programme manager) and the AIMS's active management (the same
 * memberships as `activeIdsWithRoleOnAims`), each with their zone and whether they are management.
 */
export async function findTaskAudience(db: DbOrTrx, aimsId: string, ids: string[]): Promise<{ id: string; time_zone: string; management: boolean }[]> {
  const { rows } = await sql<{ id: string; time_zone: string; management: boolean }>`
    select p.id, p.time_zone, bool_or(audience.management) as management
      from (select unnest(${ids}::uuid[]) as id, false as management
            union all
            ${membershipsWithRoleOnAims(db, 'management', aimsId).select(['m.person_id', sql<boolean>`true`.as('management')])}) audience
      join people p on p.id = audience.id
     where p.active
     group by p.id, p.time_zone
     order by p.id`.execute(db);
  return rows;
}

/**
 * Everyone holding a role in an organisation (its own people and members from elsewhere), one row
 * per membership, with the person's name, email and state: the people of its archive.
 */
export async function listMembershipsOfOrganisation(db: DbOrTrx, organisationId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('people as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.name', 'p.email', 'p.active', 'p.organisation_id as home_organisation_id', 'm.role', 'm.aims_id'])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('p.name')
    .orderBy('p.id')
    .orderBy('m.role')
    .orderBy('m.aims_id')
    .execute();
}
