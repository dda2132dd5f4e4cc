import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * A certification body's auditor's read-only access to one AIMS for a period (issue #14): the
 * one way to hold the external auditor role.
 */
export interface ExternalAuditorGrantsTable {
  id: Generated<string>;
  organisation_id: string;
  aims_id: string;
  person_id: string;
  /** The certification body's audit it is for (`stage1`, `stage2`, `surveillance-1`, …), if named. */
  audit: string | null;
  /** First and last day of the period, in the AIMS zone (node-postgres reads a date as text here). */
  from_date: ColumnType<string, string, never>;
  until_date: ColumnType<string, string, never>;
  /** 00:00 of `from_date` and of the day after `until_date` in the AIMS zone. */
  valid_from: Date;
  valid_until: Date;
  granted_by: string | null;
  granted_at: Date;
  revoked_by: string | null;
  revoked_at: Date | null;
}

export type ExternalAuditorGrant = Selectable<ExternalAuditorGrantsTable>;
