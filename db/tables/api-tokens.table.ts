import type { ColumnType, Generated, Selectable } from 'kysely';

export interface ApiTokensTable {
  id: Generated<string>;
  person_id: string;
  label: string;
  /** SHA-256 of the secret, hex. The secret itself is shown once and never stored. */
  token_hash: string;
  created_at: ColumnType<Date, never, never>;
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** After this instant the token no longer works; null: until revoked. */
  expires_at: Date | null;
}

export type ApiToken = Selectable<ApiTokensTable>;
