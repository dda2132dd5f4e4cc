import type { DbOrTrx } from '../db/database';
import { listReachRows, type ReachRow } from '../db/repositories/memberships.repository';
import type { Role } from '../domain/roles';

/**
 * What a person can reach through their memberships: the roles they hold on each AIMS
 * (organisation-wide memberships expanded to every AIMS of the organisation) and in each
 * organisation. The one answer every route, page and list is scoped by.
 */
export class Reach {
  private readonly byAims = new Map<string, Set<Role>>();
  private readonly organisationOfAims = new Map<string, string>();
  private readonly anyRoleIn = new Map<string, Set<Role>>();
  private readonly wideIn = new Map<string, Set<Role>>();

  constructor(private readonly rows: readonly ReachRow[]) {
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
    return this.organisationOfAims.get(aimsId);
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
    return new Reach(this.rows.filter((r) => r.organisation_id === organisationId));
  }
}

/** Loads what a person reaches; see `Reach`. */
export async function loadReach(db: DbOrTrx, personId: string): Promise<Reach> {
  return new Reach(await listReachRows(db, personId));
}
