import { sql } from 'kysely';
import type { DbOrTrx } from '../database';
import type { OutboxRow } from '../tables/email-outbox.table';

export interface QueuedEmail {
  key: string;
  aimsId: string;
  /** The workflow that asks for it: its emails go out in the order it asked. */
  item: string;
  kind: string;
  payload: unknown;
}

/** Queues emails in the caller's transaction; a key already queued (a retried save) is left as it is. */
export async function queueEmails(trx: DbOrTrx, emails: QueuedEmail[]): Promise<void> {
  if (emails.length === 0) return;
  await trx
    .insertInto('email_outbox')
    .values(emails.map((e) => ({ key: e.key, aims_id: e.aimsId, item: e.item, kind: e.kind, payload: JSON.stringify(e.payload) })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export type ClaimedEmail = Pick<OutboxRow, 'key' | 'seq' | 'aims_id' | 'item' | 'kind' | 'payload' | 'attempts' | 'attention_id'>;

/**
 * Takes up to `limit` due emails for one sender until `holdUntil`, oldest first: one statement,
 * and rows another sender is taking are skipped, so no two senders hold the same email. A hold
 * that ran out (its sender died) is taken over. An email waits while an earlier one of its item
 * waits to be tried again or is held by another sender, so an item's emails keep their order
 * past a relay that was away; one held in attention (no retry mends it) does not hold the rest.
 */
export async function claimDueEmails(db: DbOrTrx, now: Date, holdUntil: Date, limit: number): Promise<ClaimedEmail[]> {
  const rows = await db
    .updateTable('email_outbox')
    .set({ claimed_until: holdUntil })
    .where('key', 'in', (eb) =>
      eb
        .selectFrom('email_outbox')
        .select('key')
        .where('next_attempt_at', '<=', now)
        .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', now)]))
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('email_outbox as earlier')
                .select('earlier.key')
                .whereRef('earlier.item', '=', 'email_outbox.item')
                .whereRef('earlier.seq', '<', 'email_outbox.seq')
                .where('earlier.attention_id', 'is', null)
                .where((w) => w.or([w('earlier.next_attempt_at', '>', now), w('earlier.claimed_until', '>=', now)])),
            ),
          ),
        )
        .orderBy('seq')
        .limit(limit)
        .modifyEnd(sql`for update skip locked`),
    )
    .returning(['key', 'seq', 'aims_id', 'item', 'kind', 'payload', 'attempts', 'attention_id'])
    .execute();
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq));
}

/** The emails went out: they leave the outbox. */
export async function removeSentEmails(db: DbOrTrx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('email_outbox').where('key', 'in', keys).execute();
}

/** Emails claimed but not tried (an earlier one of their item failed): released as they were, for the next look. */
export async function releaseEmails(db: DbOrTrx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.updateTable('email_outbox').set({ claimed_until: null }).where('key', 'in', keys).execute();
}

/** The attempt failed: released, to be tried again at `nextAttemptAt`. */
export async function deferEmail(db: DbOrTrx, key: string, d: { nextAttemptAt: Date; error: string; attentionId?: string }): Promise<void> {
  await db
    .updateTable('email_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      next_attempt_at: d.nextAttemptAt,
      claimed_until: null,
      last_error: d.error,
      ...(d.attentionId ? { attention_id: d.attentionId } : {}),
    }))
    .where('key', '=', key)
    .execute();
}

/** When a sender may next take a queued email: due, and not held by another (null: the outbox is empty). */
export async function nextEmailDueAt(db: DbOrTrx): Promise<Date | null> {
  const row = await db
    .selectFrom('email_outbox')
    .select(sql<Date | string | null>`min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at)))`.as('at'))
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}

/** Makes a deferred email due now: an operator's retry from its attention item. */
export async function retryEmailNow(db: DbOrTrx, attentionId: string, now: Date): Promise<number> {
  const result = await db.updateTable('email_outbox').set({ next_attempt_at: now }).where('attention_id', '=', attentionId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
