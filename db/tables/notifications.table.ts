import type { ColumnType, Selectable } from 'kysely';

/**
 * One row per email the engine meant to send, keyed by what makes it unique in the spec:
 * (item, step, kind, due date). It is what makes retries and replays send nothing twice.
 */
export interface NotificationsTable {
  dedupe_key: string;
  recipient: string;
  subject: string;
  message_id: string;
  created_at: ColumnType<Date, never, never>;
  /** When a sender last claimed it for its SMTP call (a claim older than the lease may be taken over). */
  claimed_at: Date | null;
  sent_at: Date | null;
}

export type Notification = Selectable<NotificationsTable>;
