import type { DbOrTrx } from '../db/database';
import { listActiveGrantsOfPerson } from '../db/repositories/external-auditor-grants.repository';
import { listReachRows, type ReachRow } from '../db/repositories/memberships.repository';
import type { Role } from '../domain/roles';

/** An external auditor grant in force: read-only access to one AIMS (see `api/external-auditor-reads.ts`). */
export interface ActiveGrant {
  id: string;
  aims_id: string;
  organisation_id: string;
}

/**
 * What a person can reach through their memberships: the roles they hold on each AIMS
 * (organisation-wide memberships expanded to every AIMS of the organisation) and in each
 * organisation, and the AIMS they read as an external auditor (grants in force at the instant the
 * reach was loaded for; kept apart from roles, because that access is read-only and per route).
 * The one answer every route, page and list is scoped by.
 */
export class Reach {
  private readonly byAims = new Map<string, Set<Role>>();
  private readonly organisationOfAims = new Map<string, string>();
  private readonly anyRoleIn = new Map<string, Set<Role>>();
  private readonly wideIn = new Map<string, Set<Role>>();

  constructor(
    private readonly rows: readonly ReachRow[],
    private readonly grants: readonly ActiveGrant[] = [],
  ) {
    const add = <K>(map: Map<K, Set<Role>>, key: K, role: Role) => map.set(key, (map.get(key) ?? new Set<Role>()).add(role));
    for (const row of rows) {
      add(this.anyRoleIn, row.organisation_id, row.role);
      if (row.organisation_wide) add(this.wideIn, row.organisation_id, row.role);
      if (row.aims_id) {
        add(this.byAims, row.aims_id, row.role);
        this.organisationOfAims.set(row.aims_id, row.organisation_id);
      }
    }
  }

  /** The roles held on one AIMS; empty when it is out of reach. */
  rolesOn(aimsId: string): Role[] {
    return [...(this.byAims.get(aimsId) ?? [])];
  }

  /** The organisation an AIMS in reach belongs to. */
  organisationOf(aimsId: string): string | undefined {
    return this.organisationOfAims.get(aimsId) ?? this.grants.find((g) => g.aims_id === aimsId)?.organisation_id;
  }

  /** The external auditor grant in force on an AIMS, if any. */
  grantOn(aimsId: string): ActiveGrant | undefined {
    return this.grants.find((g) => g.aims_id === aimsId);
  }

  /** The AIMS read as an external auditor now. */
  auditedAims(): string[] {
    return [...new Set(this.grants.map((g) => g.aims_id))];
  }

  /** The AIMS on which one of the roles is held (any role when none are named). */
  aimsWith(roles?: readonly Role[]): string[] {
    return [...this.byAims].filter(([, held]) => !roles || [...held].some((r) => roles.includes(r))).map(([id]) => id);
  }

  /** The organisations in which one of the roles is held, on the whole or on one of its AIMS. */
  organisationsWith(roles?: readonly Role[]): string[] {
    return [...this.anyRoleIn].filter(([, held]) => !roles || [...held].some((r) => roles.includes(r))).map(([id]) => id);
  }

  /** The organisation-wide roles held in an organisation. */
  wideRolesIn(organisationId: string): Role[] {
    return [...(this.wideIn.get(organisationId) ?? [])];
  }

  /** Every role held anywhere: what a route's role list is first checked against. */
  allRoles(): Role[] {
    return [...new Set([...this.anyRoleIn.values()].flatMap((s) => [...s]))];
  }

  /** The same reach narrowed to one organisation (the pages' current organisation). */
  within(organisationId: string): Reach {
    return new Reach(
      this.rows.filter((r) => r.organisation_id === organisationId),
      this.grants.filter((g) => g.organisation_id === organisationId),
    );
  }
}

/**
 * Loads what a person reaches; see `Reach`. External auditor grants count only when `at` is given
 * (the API and pages pass their clock's now); background readers (digests, feeds) leave it out,
 * so a grant never puts anyone on a mailing list.
 */
export async function loadReach(db: DbOrTrx, personId: string, at?: Date): Promise<Reach> {
  const [rows, grants] = await Promise.all([listReachRows(db, personId), at ? listActiveGrantsOfPerson(db, personId, at) : []]);
  return new Reach(rows, grants);
}
