import type { DbOrTrx } from '../database';
import type { Notification } from '../tables/notifications.table';

/** What `claimToSend` answers once the email is this sender's to send. */
export interface SendClaim {
  message_id: string;
  /** The organisation's sender settings when the email names an AIMS that exists; else undefined. */
  sender: { sender_name: string | null; reply_to: string | null } | undefined;
}

/**
 * Takes the unsent email for one sender, creating its row on the first attempt, and reads the
 * sender settings of its AIMS's organisation, in one statement: so two senders never both get
 * it. A claim older than `staleBefore` (its sender died mid-call) may be taken over; the row of
 * an earlier attempt keeps its recipient, subject and Message-ID. Undefined when the email was
 * sent or another sender holds a fresh claim.
 */
export async function claimToSend(
  db: DbOrTrx,
  row: { dedupeKey: string; recipient: string; subject: string; messageId: string; aimsId: string | null },
  at: Date,
  staleBefore: Date,
): Promise<SendClaim | undefined> {
  const found = await db
    .with('claimed', (qb) =>
      qb
        .insertInto('notifications')
        .values({ dedupe_key: row.dedupeKey, recipient: row.recipient, subject: row.subject, message_id: row.messageId, claimed_at: at })
        .onConflict((oc) =>
          oc
            .column('dedupe_key')
            .doUpdateSet({ claimed_at: at })
            .where('notifications.sent_at', 'is', null)
            .where((eb) => eb.or([eb('notifications.claimed_at', 'is', null), eb('notifications.claimed_at', '<', staleBefore)])),
        )
        .returning('message_id'),
    )
    .selectFrom('claimed')
    .leftJoin('aims as a', (join) => join.on('a.id', '=', row.aimsId))
    .leftJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['claimed.message_id', 'a.id as aims_id', 'o.sender_name', 'o.reply_to'])
    .executeTakeFirst();
  if (!found) return undefined;
  return { message_id: found.message_id, sender: found.aims_id === null ? undefined : { sender_name: found.sender_name, reply_to: found.reply_to } };
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
