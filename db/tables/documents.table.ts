import type { ColumnType, Selectable } from 'kysely';

/** Read model of each document's workflow: the register entry and its versions (as JSON). */
export interface DocumentsTable {
  id: string;
  aims_id: string;
  workflow_id: string;
  status: string;
  title: string;
  kind: string;
  owner_id: string;
  approver_ids: ColumnType<unknown, string, string>;
  addresses: ColumnType<unknown, string, string>;
  review_months: number | null;
  registered_at: Date;
  retired_at: Date | null;
  /** The number of the version in force (the newest approved); null while none is. */
  current_version: number | null;
  last_approved_on: string | null;
  /** The next planned review, not yet opened. */
  next_review_due: string | null;
  /** The open review's due date. */
  review_due: string | null;
  versions: ColumnType<unknown, string, string>;
  version: number;
  updated_at: Date;
}

export type DocumentRow = Selectable<DocumentsTable>;
