import type { ColumnType, Generated } from 'kysely';

/** One readiness figure per AIMS and month, for the trend. */
export interface ReadinessSnapshotsTable {
  aims_id: string;
  month: string;
  taken_on: string;
  overall: number;
  groups: ColumnType<unknown, string, string>;
  counts: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
}
