import type { ColumnType, Generated, Selectable } from 'kysely';

/** Calendar feed tokens: the secret sits in a feed URL (calendar apps send no headers). */
export interface FeedTokensTable {
  id: Generated<string>;
  person_id: string;
  /** SHA-256 of the secret, hex. The secret is shown once, inside the feed URLs, and never stored. */
  token_hash: string;
  created_at: ColumnType<Date, never, never>;
  revoked_at: Date | null;
}

export type FeedToken = Selectable<FeedTokensTable>;
