import type { ColumnType, Generated, Selectable } from 'kysely';

/** Read model of management reviews (ISO/IEC 42001 9.3), written by their workflows. */
export interface ReviewsTable {
  id: string;
  number: Generated<number>;
  aims_id: string;
  workflow_id: string;
  review_index: number;
  status: string;
  chair_id: string;
  attendee_ids: string[];
  meeting_date: string;
  meeting_at: Date;
  inputs: ColumnType<unknown, string, string>;
  minutes: string | null;
  decisions: ColumnType<unknown, string, string>;
  pack: ColumnType<unknown, string | null, string | null>;
  approved_at: Date | null;
  version: number;
}

export type ReviewRow = Selectable<ReviewsTable>;
