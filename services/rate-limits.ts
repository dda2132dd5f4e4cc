import { createHash } from 'node:crypto';
import type { RateLimit } from '../config/config';
import type { Db } from '../db/database';
import { deleteStaleCounters, hitCounter, peekCounter, type WindowCount } from '../db/repositories/rate-limits.repository';
import { RateLimitedError } from '../domain/app-error';

// Rate limits live in PostgreSQL (`rate_limit_counters`), so every API process counts against
// the same windows. Subjects (addresses, client IPs) are stored only as part of a hash.

/** What is being limited; part of the counter's key, so each kind counts on its own. */
export type LimitedAction = 'sign-in-address' | 'sign-in-client' | 'link-redemption' | 'bad-token';

const DAY_MS = 24 * 60 * 60 * 1000;

const counterKey = (action: LimitedAction, subject: string) => createHash('sha256').update(`${action}\0${subject.toLowerCase()}`).digest('hex');

function refusal(count: WindowCount, limit: RateLimit, at: Date): RateLimitedError {
  const retryAfterSeconds = Math.max(1, Math.ceil((count.windowStartedAt.getTime() + limit.windowMs - at.getTime()) / 1000));
  return new RateLimitedError(`too many attempts; try again in ${retryAfterSeconds} seconds`, retryAfterSeconds);
}

/** Counts one attempt, and refuses it (429 with Retry-After) when it goes over the limit. */
export async function spendAttempt(db: Db, limit: RateLimit, action: LimitedAction, subject: string, at: Date): Promise<void> {
  const count = await hitCounter(db, counterKey(action, subject), at, limit.windowMs);
  // A fresh window is a good moment to forget windows that ended long ago.
  if (count.hits === 1) await deleteStaleCounters(db, new Date(at.getTime() - DAY_MS));
  if (count.hits > limit.max) throw refusal(count, limit, at);
}

/** Refuses at once (429) when the limit is used up, without counting: valid attempts never count. */
export async function assertUnderLimit(db: Db, limit: RateLimit, action: LimitedAction, subject: string, at: Date): Promise<void> {
  const count = await peekCounter(db, counterKey(action, subject), at, limit.windowMs);
  if (count && count.hits >= limit.max) throw refusal(count, limit, at);
}
