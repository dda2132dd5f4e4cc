import type { ColumnType, Generated, Selectable } from 'kysely';
import type { PolicyOverrides } from '../../domain/policy';

export interface AimsTable {
  id: Generated<string>;
  name: string;
  /** The owner: every read and command on the AIMS and its items is scoped by it. */
  organisation_id: Generated<string>;
  scope: Generated<string>;
  /** IANA zone: due dates are calendar dates here, working days follow its calendar. */
  time_zone: string;
  /** date-holidays code (DE, DE-BY, GB-ENG, US-CA); null for no public holidays. */
  holiday_region: string | null;
  closed_days: Generated<string[]>;
  programme_manager_id: string;
  /** The last nonconformity number given in this AIMS (NC-n); raised only with the case's first insert. */
  last_nc_number: Generated<number>;
  policy: ColumnType<PolicyOverrides, string | undefined, string>;
  created_at: ColumnType<Date, never, never>;
}

export type Aims = Selectable<AimsTable>;
