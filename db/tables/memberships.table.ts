import type { Generated, Selectable } from 'kysely';
import type { Role } from '../../domain/roles';

/**
 * A role a person holds in an organisation: on all its AIMS (`aims_id` null) or on one. A
 * person's `people.roles` are mirrored here (organisation-wide, home organisation) by a trigger.
 */
export interface MembershipsTable {
  id: Generated<string>;
  person_id: string;
  organisation_id: string;
  aims_id: string | null;
  role: Role;
}

export type Membership = Selectable<MembershipsTable>;
