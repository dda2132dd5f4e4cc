import type { ColumnType, Selectable } from 'kysely';

/** Read model of each AIMS's certification workflow. */
export interface CertificationsTable {
  aims_id: string;
  workflow_id: string;
  status: string;
  cycle: number;
  certification_body: string | null;
  stage1_date: string | null;
  stage1_outcome: string | null;
  stage2_date: string | null;
  stage2_outcome: string | null;
  decision_date: string | null;
  cycle_start: string | null;
  expiry_date: string | null;
  restore_until: string | null;
  next_due_item: string | null;
  next_due_date: string | null;
  planned_audits: ColumnType<unknown, string, string>;
  external_audits: ColumnType<unknown, string, string>;
  version: number;
  updated_at: Date;
}

export type CertificationRow = Selectable<CertificationsTable>;
