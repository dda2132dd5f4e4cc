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
  roles: Role[];
  active: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
}

export type Person = Selectable<PeopleTable>;
