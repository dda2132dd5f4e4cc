import type { Generated, Selectable } from 'kysely';

/** An emailed single-use sign-in link; the secret is only in the email, the row holds its SHA-256. */
export interface SignInLinksTable {
  id: Generated<string>;
  person_id: string;
  token_hash: string;
  /** The page of ours the person was going to (already checked to be one of ours). */
  next_path: string | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export type SignInLink = Selectable<SignInLinksTable>;
