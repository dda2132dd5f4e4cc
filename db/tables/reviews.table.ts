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

/** The review cycle of an AIMS as its workflow last saved it (planned reviews are computed from it). */
export interface ReviewCyclesTable {
  aims_id: string;
  workflow_id: string;
  chair_id: string;
  attendee_ids: string[];
  input_owners: ColumnType<unknown, string, string>;
  first_meeting_date: string;
  interval_months: number;
  /** The index of the next review to open; reviews before it have a row in `reviews`. */
  next_index: number;
  version: number;
}

export type ReviewCycleRow = Selectable<ReviewCyclesTable>;
