import type { ColumnType, Generated, Selectable } from 'kysely';

/**
 * An email a command's save asked for, until a sender has delivered it (see the migration
 * `2026-12-09T0900-email-outbox`). The payload is what the email's renderer needs, as the save
 * knew it; who it goes to is resolved when it is sent.
 */
export interface EmailOutboxTable {
  key: string;
  seq: Generated<string>;
  aims_id: string;
  /** The workflow that asked for it: an item's emails go out in the order it asked. */
  item: string;
  /** Which renderer the payload is for: `task_event`. */
  kind: string;
  payload: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, never, never>;
  attempts: ColumnType<number, never, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  /** Until when a sender holds it: a sender that died lets it go at that instant. */
  claimed_until: Date | null;
  last_error: string | null;
  /** The attention item a failure that no retry mends opened, resolved once it is sent. */
  attention_id: string | null;
}

export type OutboxRow = Selectable<EmailOutboxTable>;
