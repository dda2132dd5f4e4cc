import { createHash } from 'node:crypto';
import type { Db } from '../db/database';
import { classifyFailure } from './classify-failure';
import { claimToSend, findNotification, markNotificationSent, releaseSendClaim } from '../db/repositories/notifications.repository';
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
  /** The AIMS the email is about: it goes out with its organisation's sender name and reply-to. */
  aimsId?: string | null;
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
 * Sends an email once per dedupe key (`sendOnce`): retries, replays and a second worker all see
 * the row. The one window left, a crash after the relay accepted the mail and before it was
 * marked sent (or a database away for longer than `RECORD_SENT_RETRY_MS` then), resends with
 * the same Message-ID once the claim is stale, which receiving systems use to drop the copy.
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

/**
 * How long a sender's claim on an email holds before another may take it over: as long as an
 * email activity may run (its start-to-close timeout, one minute), so a retry Temporal schedules
 * after a worker died mid-call takes the email over at once. An SMTP call that outlives it can
 * be overtaken by that retry: the copy carries the same Message-ID.
 */
export const SEND_CLAIM_MS = 60_000;

/** Another sender is sending this email now; a retry finds it sent (or the claim gone stale). */
export class EmailBeingSent extends Error {
  constructor(dedupeKey: string) {
    super(`email ${dedupeKey} is being sent by another attempt`);
    this.name = 'EmailBeingSent';
  }
}

/**
 * The exactly-once send that every email activity goes through. The row is claimed by one
 * statement before the SMTP call and marked sent after it, with no transaction open during the
 * call (a slow relay holds no database connection; the embedded database has only one).
 */
export async function sendOnce(deps: SendDeps, input: SendEmailInput): Promise<SendEmailResult> {
  const messageId = messageIdFor(input.dedupeKey);
  const now = deps.clock.now();
  const notification = { dedupeKey: input.dedupeKey, recipient: input.to, subject: input.subject, messageId, aimsId: input.aimsId ?? null };
  const claim = await claimToSend(deps.db, notification, now, new Date(now.getTime() - SEND_CLAIM_MS));
  if (!claim) {
    const row = await findNotification(deps.db, input.dedupeKey);
    if (row.sent_at) return { messageId: row.message_id, alreadySent: true };
    throw new EmailBeingSent(input.dedupeKey);
  }
  const { plannedFor, dedupeKey: _key, aimsId: _aims, ...email } = input;
  const { sender } = claim;
  try {
    await deps.mailer.send({
      ...email,
      messageId: claim.message_id,
      date: plannedFor ? new Date(plannedFor) : undefined,
      sender: sender && { name: sender.sender_name, replyTo: sender.reply_to },
    });
  } catch (error) {
    // This attempt is no longer sending (the relay away, a refusal): its retry may claim the
    // email at once, not a minute later once the relay is back. A relay that failed after taking
    // the message would get the same Message-ID again, as after a stale claim.
    await releaseSendClaim(deps.db, input.dedupeKey, now).catch(() => undefined);
    throw error;
  }
  await recordSent(deps, input.dedupeKey);
  return { messageId: claim.message_id, alreadySent: false };
}

/** How long recording an accepted mail is retried in place: well within the activity's minute. */
export const RECORD_SENT_RETRY_MS = 30_000;

/**
 * Records that the relay accepted the mail. Failing here would send it again on the activity's
 * retry (with the same Message-ID, but a second copy all the same), so a transient failure (the
 * database restarting, a connection lost) is retried in place with a growing pause; only a
 * database away for longer, or a process that dies, leaves the resend window.
 */
async function recordSent(deps: SendDeps, dedupeKey: string): Promise<void> {
  const giveUpAt = Date.now() + RECORD_SENT_RETRY_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await markNotificationSent(deps.db, dedupeKey, deps.clock.now());
      return;
    } catch (error) {
      if (classifyFailure(error) !== error || Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2_000)));
    }
  }
}
