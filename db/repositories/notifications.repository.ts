import type { DbOrTrx } from '../database';
import type { Notification } from '../tables/notifications.table';

/** Creates the email's row unless its key has one already (an earlier attempt, another worker). */
export async function claimNotification(db: DbOrTrx, row: { dedupeKey: string; recipient: string; subject: string; messageId: string }): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ dedupe_key: row.dedupeKey, recipient: row.recipient, subject: row.subject, message_id: row.messageId })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * Takes the unsent email for one sender: one statement, so two senders never both get it.
 * A claim older than `staleBefore` (its sender died mid-call) may be taken over. Undefined when
 * the email was sent or another sender holds a fresh claim.
 */
export async function takeSendClaim(db: DbOrTrx, dedupeKey: string, at: Date, staleBefore: Date): Promise<Pick<Notification, 'message_id'> | undefined> {
  return db
    .updateTable('notifications')
    .set({ claimed_at: at })
    .where('dedupe_key', '=', dedupeKey)
    .where('sent_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', staleBefore)]))
    .returning('message_id')
    .executeTakeFirst();
}

/**
 * Gives up a claim whose SMTP call failed, so that the activity's retry takes the email at once
 * rather than after the claim goes stale. Only this sender's own claim (taken at `claimedAt`):
 * one taken over meanwhile stays.
 */
export async function releaseSendClaim(db: DbOrTrx, dedupeKey: string, claimedAt: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ claimed_at: null })
    .where('dedupe_key', '=', dedupeKey)
    .where('sent_at', 'is', null)
    .where('claimed_at', '=', claimedAt)
    .execute();
}

/** The email's row as it is; throws if it was never claimed. */
export async function findNotification(db: DbOrTrx, dedupeKey: string): Promise<Pick<Notification, 'sent_at' | 'message_id'>> {
  return db.selectFrom('notifications').select(['sent_at', 'message_id']).where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();
}

export async function markNotificationSent(db: DbOrTrx, dedupeKey: string, at: Date): Promise<void> {
  await db.updateTable('notifications').set({ sent_at: at }).where('dedupe_key', '=', dedupeKey).execute();
}
