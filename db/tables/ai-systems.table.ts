import type { ColumnType, Selectable } from 'kysely';

/** Read model of each AI system's workflow: the register's facts and its assessments. */
export interface AiSystemsTable {
  id: string;
  aims_id: string;
  workflow_id: string;
  status: string;
  name: string;
  purpose: string;
  role: string;
  owner_id: string;
  risk_owner_id: string;
  lifecycle_stage: string;
  deployment_status: string;
  intended_users: string;
  affected_people: string;
  data_used: ColumnType<unknown, string, string>;
  third_party_components: ColumnType<unknown, string, string>;
  suppliers: ColumnType<unknown, string, string>;
  risk_classification: string;
  reassessment_months: number | null;
  registered_at: Date;
  retired_at: Date | null;
  next_planned_due: string | null;
  current_assessment: ColumnType<unknown, string | null, string | null>;
  completed_assessments: ColumnType<unknown, string, string>;
  significant_changes: ColumnType<unknown, string, string>;
  version: number;
  updated_at: Date;
}

/** The risks of each system's latest approved risk assessment. */
export interface AiRisksTable {
  system_id: string;
  position: number;
  aims_id: string;
  assessment_id: string;
  approved_at: Date;
  description: string;
  level: string;
  treatment: string;
  residual_level: string;
}

export type AiSystemRow = Selectable<AiSystemsTable>;
export type AiRiskRow = Selectable<AiRisksTable>;
