import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Role } from '../../domain/roles';

export interface PeopleTable {
  id: Generated<string>;
  name: string;
  email: string;
  /** IANA zone, e.g. Europe/Berlin: reminders go out at 09:00 there. */
  time_zone: string;
  department: string | null;
  /** First escalation step for this person's overdue tasks. */
  manager_id: string | null;
  /** Organisation-wide roles in the home organisation (`organisation_id`); mirrored into memberships. */
  roles: Role[];
  /** The home organisation: its admins manage this person. */
  organisation_id: Generated<string>;
  /** Creates organisations and their first admin; sees nothing inside one unless a member. */
  operator: Generated<boolean>;
  active: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
}

export type Person = Selectable<PeopleTable>;
