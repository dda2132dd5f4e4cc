import { createHash } from 'node:crypto';
import type { Db } from '../db/database';
import { claimNotification, lockNotification, markNotificationSent } from '../db/repositories/notifications.repository';
import type { Clock } from '../domain/clock';
import type { Mailer } from '../mail/mailer';

export interface SendEmailInput {
  /** From notificationKey(): the same key never sends twice. */
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: string; contentType: string }[];
  /** ISO instant the email was planned for; becomes its Date header. */
  plannedFor?: string;
}

export interface SendEmailResult {
  messageId: string;
  /** True when an earlier attempt or execution had sent it; nothing was sent this time. */
  alreadySent: boolean;
}

export function messageIdFor(dedupeKey: string): string {
  return `<${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32)}@aims-cycles>`;
}

/**
 * Sends an email once per dedupe key. The row is claimed and locked before the SMTP call and
 * marked sent in the same transaction, so retries, replays and a second worker all see it.
 * The one window left, a crash after the relay accepted the mail and before the commit, resends
 * with the same Message-ID, which receiving systems use to drop the copy.
 */
export function createSendEmail(deps: SendDeps) {
  return async function sendEmail(input: SendEmailInput): Promise<SendEmailResult> {
    return sendOnce(deps, input);
  };
}

export interface SendDeps {
  db: Db;
  mailer: Mailer;
  clock: Clock;
}

/** The exactly-once send that every email activity goes through. */
export async function sendOnce(deps: SendDeps, input: SendEmailInput): Promise<SendEmailResult> {
  const messageId = messageIdFor(input.dedupeKey);
  await claimNotification(deps.db, { dedupeKey: input.dedupeKey, recipient: input.to, subject: input.subject, messageId });
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockNotification(trx, input.dedupeKey);
    if (row.sent_at) return { messageId: row.message_id, alreadySent: true };
    const { plannedFor, dedupeKey: _key, ...email } = input;
    await deps.mailer.send({ ...email, messageId: row.message_id, date: plannedFor ? new Date(plannedFor) : undefined });
    await markNotificationSent(trx, input.dedupeKey, deps.clock.now());
    return { messageId: row.message_id, alreadySent: false };
  });
}
