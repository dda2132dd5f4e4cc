import type { ColumnType, Selectable } from 'kysely';

/** Read model of each supplier's workflow: the register entry and its reviews (as JSON). */
export interface SuppliersTable {
  id: string;
  aims_id: string;
  workflow_id: string;
  status: string;
  name: string;
  kind: string;
  criticality: string;
  owner_id: string;
  description: string;
  ai_system_ids: ColumnType<unknown, string, string>;
  registered_at: Date;
  retired_at: Date | null;
  next_review_due: string | null;
  review_due: string | null;
  last_review_on: string | null;
  last_outcome: string | null;
  reviews: ColumnType<unknown, string, string>;
  version: number;
  updated_at: Date;
}

export type SupplierRow = Selectable<SuppliersTable>;
