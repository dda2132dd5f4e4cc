import type { ColumnType, Generated, Selectable } from 'kysely';
import type { PolicyOverrides } from '../../domain/policy';

/** An organisation owns its AIMS, its people's memberships and everything under them. */
export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  /** The display name its emails are sent under; null: the deployment's. */
  sender_name: string | null;
  reply_to: string | null;
  default_time_zone: string | null;
  default_holiday_region: string | null;
  default_policy: ColumnType<PolicyOverrides, string | undefined, string>;
  created_at: ColumnType<Date, never, never>;
}

export type Organisation = Selectable<OrganisationsTable>;

/** A deleted organisation, kept outside its (deleted) data. */
export interface OrganisationDeletionsTable {
  organisation_id: string;
  name: string;
  deleted_by: string | null;
  deleted_at: Date;
  summary: ColumnType<Record<string, number>, string, string>;
}
