import type { ColumnType, Generated, Selectable } from 'kysely';

import type { AuditResult } from '../../domain/audit';

// The results' one home is domain/audit.ts (workflows, API schemas and pages read them too).
export { AUDIT_RESULTS, type AuditResult } from '../../domain/audit';

export interface SoaEntriesTable {
  aims_id: string;
  control_id: string;
  applicable: boolean;
  justification: string;
  updated_at: Date;
}

/** Read model of each AIMS's programme workflow. */
export interface AuditProgrammesTable {
  aims_id: string;
  workflow_id: string;
  cadence: string;
  anchor_date: string;
  paused: boolean;
  next_index: number;
  overrides: ColumnType<unknown, string, string>;
  version: number;
  updated_at: Date;
}

export interface AuditsTable {
  id: string;
  number: Generated<number>;
  aims_id: string;
  workflow_id: string;
  occurrence_index: number;
  status: string;
  scope: string[];
  fieldwork_start: string;
  fieldwork_end: string;
  lead_auditor_id: string | null;
  auditee_ids: string[];
  report_summary: string | null;
  reported_at: Date | null;
  version: number;
  created_at: ColumnType<Date, never, never>;
}

export interface AuditResultsTable {
  audit_id: string;
  item_id: string;
  result: AuditResult;
  evidence: string;
  case_id: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export type AuditRow = Selectable<AuditsTable>;
