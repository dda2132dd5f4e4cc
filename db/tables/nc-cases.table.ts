import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CaseStatus, NcSource, Severity } from '../../domain/nc-case';

/** Read model of a nonconformity; `details` holds containment, analyses and reviews as the workflow has them. */
export interface NcCasesTable {
  id: string;
  /** NC-n, contiguous per AIMS (unique with aims_id), from aims.last_nc_number. */
  number: number;
  aims_id: string;
  workflow_id: string;
  title: string;
  description: string;
  source: NcSource;
  severity: Severity;
  status: CaseStatus;
  owner_id: string;
  verifier_id: string | null;
  raised_by: string | null;
  raised_on: string;
  clause_ref: string | null;
  audit_id: string | null;
  iteration: number;
  details: ColumnType<unknown, string, string>;
  closed_at: Date | null;
  version: number;
  created_at: ColumnType<Date, never, never>;
  updated_at: Date;
}

export interface NcActionsTable {
  id: string;
  case_id: string;
  iteration: number;
  title: string;
  owner_id: string;
  due_date: string;
  status: 'open' | 'done' | 'cancelled';
  evidence: string | null;
  completed_at: Date | null;
}

export type NcCaseRow = Selectable<NcCasesTable>;
export type NcActionRow = Selectable<NcActionsTable>;
