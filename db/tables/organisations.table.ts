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

/**
 * A deleted organisation (or one being deleted), kept outside its (deleted) data: its id, name
 * and AIMS ids, the operator who asked, the archive taken before, and how many rows of each table,
 * workflows and people went. No person's name or email is kept.
 */
export interface OrganisationDeletionsTable {
  organisation_id: string;
  name: string;
  /** The operator who asked for it (an id; the operator's own row may go one day). */
  deleted_by: string | null;
  status: ColumnType<'deleting' | 'deleted', 'deleting' | 'deleted' | undefined, 'deleting' | 'deleted'>;
  requested_at: Date | null;
  /** Set when the deletion finished. */
  deleted_at: Date | null;
  aims_ids: ColumnType<string[], string[] | undefined, never>;
  archive_sha256: string | null;
  archive_made_at: Date | null;
  /** Rows deleted per table, kept up to date batch by batch. */
  summary: ColumnType<Record<string, number>, string, string>;
  workflows_terminated: ColumnType<number, number | undefined, number>;
  /** People whose home it was who are members elsewhere: kept, their home moved. */
  people_kept: ColumnType<number, number | undefined, number>;
}

export type OrganisationDeletion = Selectable<OrganisationDeletionsTable>;
