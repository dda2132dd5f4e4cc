import type { Generated, Selectable } from 'kysely';

/** How a session was started. */
export type SignInMethod = 'email_link' | 'oidc' | 'api_token';

/** A signed-in browser: the cookie carries the secret, the row only its SHA-256. */
export interface WebSessionsTable {
  id: Generated<string>;
  person_id: string;
  secret_hash: string;
  method: SignInMethod;
  created_at: Date;
  /** Moved forward as the person uses the pages (at most once a minute): the idle expiry counts from it. */
  last_seen_at: Date;
  /** The absolute expiry, however active the session is. */
  expires_at: Date;
  ended_at: Date | null;
  /** The pages' current organisation (the switcher); null: the person's home organisation. */
  organisation_id: Generated<string | null>;
}

export type WebSession = Selectable<WebSessionsTable>;
