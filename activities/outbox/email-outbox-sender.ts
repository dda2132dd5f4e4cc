import { ApplicationFailure } from '@temporalio/common';
import type { ClaimedEmail } from '../../db/repositories/email-outbox.repository';
import { claimDueEmails, deferEmail, nextEmailDueAt, releaseEmails, removeSentEmails } from '../../db/repositories/email-outbox.repository';
import { createRecordAttention, createResolveAttention } from '../attention/attention.activity';
import { classifyFailure } from '../classify-failure';
import { SEND_CLAIM_MS } from '../send-email.activity';
import { AUDIT_EMAIL, type AuditEmailRequest } from '../audits/audit-emails';
import { createSendAuditEmail } from '../audits/send-audit-email.activity';
import { createSendTaskEvent, type TaskEmailDeps, type TaskEventInput } from '../tasks/send-task-notification.activity';
import { TASK_EVENT_EMAIL } from '../tasks/task-event-emails';

/** How the sender sends each kind of queued email, and where a failure no retry mends waits in attention. */
interface OutboxKind {
  send(payload: unknown): Promise<unknown>;
  /** The workflow, item and step the attention item names. */
  about(payload: unknown): { workflowId: string; itemType: string; itemId: string; itemLabel: string; step: string };
}

function outboxKinds(deps: TaskEmailDeps): Record<string, OutboxKind> {
  const sendTaskEvent = createSendTaskEvent(deps);
  const sendAuditEmail = createSendAuditEmail(deps);
  return {
    [TASK_EVENT_EMAIL]: {
      send: (payload) => sendTaskEvent(payload as TaskEventInput),
      about: (payload) => {
        const { task, kind } = payload as TaskEventInput;
        return { workflowId: task.workflowId, itemType: 'task', itemId: task.id, itemLabel: `${task.itemRef}: ${task.title}`, step: `send_${kind}` };
      },
    },
    [AUDIT_EMAIL]: {
      send: (payload) => sendAuditEmail(payload as AuditEmailRequest),
      about: (payload) => {
        const { auditId, kind, workflowId, itemLabel } = payload as AuditEmailRequest;
        return { workflowId, itemType: 'audit', itemId: auditId, itemLabel, step: `send_${kind}` };
      },
    },
  };
}

/** How many emails one look takes, and how many items' emails go out side by side. */
const BATCH = 32;
const ITEMS_AT_ONCE = 4;
/** How often the sender looks when nobody wakes it: emails queued by another process, or due again after a failure. */
const LOOK_EVERY_MS = 2_000;
/**
 * How long after a save's wake-up the sender looks. The command that queued the email is then
 * still finishing in this process (its local activity's result back to the workflow, the
 * update's completion, the API's answer): looking at once took the event loop from it, a tenth
 * to a quarter of a command's time in the bench's traces. The emails of the commands in that
 * pause also go out in one look.
 */
export const AFTER_ANSWER_MS = 100;
/** Pauses before trying a failed email again: doubling from 1 s up to a minute (the relay away: the email activities' policy), an hour for a failure no retry mends. */
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 60_000;
const DETERMINISTIC_RETRY_MS = 60 * 60_000;

export interface EmailOutboxSender {
  /** A save queued emails: look now. */
  wake(): void;
  /** A look is under way or asked for (the test harness waits for it to settle). */
  busy(): boolean;
  /** Finishes the email in hand and stops looking. */
  stop(): Promise<void>;
}

export interface OutboxFailureLog {
  warn(details: object, message: string): void;
}

/**
 * The one sender of the emails commands ask for (issue #20): saves queue them in `email_outbox`
 * in the change's own transaction, and this loop, one per worker process, delivers them after
 * the answer, outside any transaction, over the process's pooled transport. Each email goes
 * through the exactly-once send (`sendOnce`: a claim per recipient, the Message-ID from the
 * key), so a sender that dies mid-send, or two workers, send nothing twice; the row leaves the
 * outbox once sent. Emails go out oldest first, one item's after the other, several items'
 * side by side. A failed email waits and is tried again: the relay away, with a doubling pause;
 * a failure no retry mends (bad data, a bug) also opens an attention item for the programme
 * manager, is tried hourly and at once on the item's retry, and resolves the item once it goes.
 */
export function startEmailOutboxSender(deps: TaskEmailDeps & { log: OutboxFailureLog }): EmailOutboxSender {
  const kinds = outboxKinds(deps);
  const recordAttention = createRecordAttention(deps);
  const resolveAttention = createResolveAttention(deps);
  let stopped = false;
  let wanted = true; // the first look delivers what an earlier process left
  let looking = false;
  let wakeUp: () => void = () => undefined;
  let wakeLater: NodeJS.Timeout | undefined;

  /** Sends one email: sent (or it had been), or how it failed (it waits to be tried again). */
  async function deliver(email: ClaimedEmail): Promise<'sent' | 'transient' | 'deterministic'> {
    const now = deps.clock.now();
    try {
      const kind = kinds[email.kind];
      if (!kind) throw ApplicationFailure.nonRetryable(`unknown outbox email kind ${email.kind}`, 'Defect');
      await kind.send(email.payload);
      if (email.attention_id) await resolveAttention({ id: email.attention_id, at: deps.clock.now().toISOString() });
      return 'sent';
    } catch (error) {
      const failure = classifyFailure(error);
      const deterministic = failure instanceof ApplicationFailure && failure.nonRetryable;
      const message = error instanceof Error ? error.message : String(error);
      const pause = deterministic ? DETERMINISTIC_RETRY_MS : Math.min(FIRST_RETRY_MS * 2 ** email.attempts, LONGEST_RETRY_MS);
      let attentionId: string | undefined;
      if (deterministic && !email.attention_id) attentionId = await raiseAttention(email, failure, now).catch(() => undefined);
      deps.log.warn({ key: email.key, attempts: email.attempts + 1, err: message }, 'email not sent; tried again later');
      await deferEmail(deps.db, email.key, { nextAttemptAt: new Date(now.getTime() + pause), error: message.slice(0, 2_000), attentionId });
      return deterministic ? 'deterministic' : 'transient';
    }
  }

  async function raiseAttention(email: ClaimedEmail, failure: ApplicationFailure, now: Date): Promise<string | undefined> {
    const about = kinds[email.kind]?.about(email.payload);
    if (!about) return undefined; // a kind this version does not know: nothing to name, it waits in the outbox
    const row = await recordAttention({ ...about, aimsId: email.aims_id, errorType: failure.type ?? 'Error', error: failure.message, at: now.toISOString() });
    return row.id;
  }

  /**
   * One item's emails in order, several items side by side; those sent leave the outbox in one
   * statement (a sender that dies before it leaves them to the next, whose `sendOnce` finds
   * them sent and sends nothing). When one fails for a while (the relay away) the item's later
   * ones are not tried: released, they wait behind it (`claimDueEmails`), and keep their order.
   * One that no retry mends waits in attention and lets them go.
   */
  async function deliverAll(emails: ClaimedEmail[]): Promise<void> {
    const byItem = new Map<string, ClaimedEmail[]>();
    for (const email of emails) byItem.set(email.item, [...(byItem.get(email.item) ?? []), email]);
    const queues = [...byItem.values()];
    const sent: string[] = [];
    const untried: string[] = [];
    const deliverItem = async (queue: ClaimedEmail[]) => {
      for (const [i, email] of queue.entries()) {
        const outcome = await deliver(email);
        if (outcome === 'sent') sent.push(email.key);
        if (outcome === 'transient') return untried.push(...queue.slice(i + 1).map((e) => e.key));
      }
    };
    const worker = async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) await deliverItem(queue);
    };
    await Promise.all(Array.from({ length: Math.min(ITEMS_AT_ONCE, queues.length) }, worker));
    await removeSentEmails(deps.db, sent);
    await releaseEmails(deps.db, untried);
  }

  async function look(): Promise<void> {
    for (;;) {
      wanted = false;
      const now = deps.clock.now();
      // Held as long as a send may take; a sender that dies lets its emails go then.
      const emails = await claimDueEmails(deps.db, now, new Date(now.getTime() + SEND_CLAIM_MS), BATCH);
      if (emails.length > 0) await deliverAll(emails);
      // A short batch took all that was due; what was queued since woke the sender again.
      if (emails.length < BATCH || stopped) return;
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      if (wanted) {
        looking = true;
        await look().catch((error: unknown) =>
          deps.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'email outbox not read; looking again'),
        );
        looking = false;
      }
      if (stopped) return;
      if (wanted) continue;
      const due = await nextEmailDueAt(deps.db).catch(() => null);
      const untilDue = due ? due.getTime() - deps.clock.now().getTime() : LOOK_EVERY_MS;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(10, Math.min(untilDue, LOOK_EVERY_MS)));
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
        if (wanted || stopped) wakeUp();
      });
      wakeUp = () => undefined;
      wanted = true;
    }
  }

  const running = loop();
  return {
    wake() {
      wanted = true;
      wakeLater ??= setTimeout(() => {
        wakeLater = undefined;
        wakeUp();
      }, AFTER_ANSWER_MS);
    },
    busy: () => looking || wanted,
    async stop() {
      stopped = true;
      clearTimeout(wakeLater);
      wakeUp();
      await running;
    },
  };
}
