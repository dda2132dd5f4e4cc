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

/** Locks the email's row until the transaction ends (the SMTP call runs under it); throws if it was never claimed. */
export async function lockNotification(trx: DbOrTrx, dedupeKey: string): Promise<Pick<Notification, 'sent_at' | 'message_id'>> {
  return trx.selectFrom('notifications').select(['sent_at', 'message_id']).where('dedupe_key', '=', dedupeKey).forUpdate().executeTakeFirstOrThrow();
}

export async function markNotificationSent(trx: DbOrTrx, dedupeKey: string, at: Date): Promise<void> {
  await trx.updateTable('notifications').set({ sent_at: at }).where('dedupe_key', '=', dedupeKey).execute();
}
