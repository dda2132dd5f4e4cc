import type { Attention, AttentionStep } from './attention';

/**
 * Emails a command asks for, sent after its answer (issue #20). `send` schedules the activity in
 * the same workflow task that answers the update, so the HTTP answer never waits for a mail
 * relay, and Temporal's history holds the send as durably as the change. Sends go out one after
 * the other, in the order the commands asked for them, as when each was awaited inside its
 * command; a deterministic failure waits in attention like any background step, while the
 * retry policy keeps transient ones (the relay away). The workflow waits until `idle` before it
 * ends or continues as new, so no send is dropped.
 *
 * One per item workflow, shared by its TaskBook (`sendEvent`) and its own commands (an audit's
 * notice and report), so that all of an item's sends keep one order.
 */
export class AfterAnswer {
  /** Sends scheduled and not yet done. */
  private readonly sending = new Set<Promise<unknown>>();
  /** The last of them: the next waits for it. */
  private lastSend: Promise<unknown> = Promise.resolve();

  constructor(private readonly attention: Pick<Attention, 'guard'>) {}

  /**
   * Queues `run` behind the sends already queued. The promise chain is the one `TaskBook.sendEvent`
   * built inline before it moved here, link for link: recorded histories order their activities
   * by it.
   */
  send(step: AttentionStep, run: () => Promise<unknown>): void {
    const previous = this.lastSend;
    const sending: Promise<unknown> = previous
      .then(() => this.attention.guard(step, run))
      // Transient failures are retried by the activity's policy, deterministic ones wait in
      // attention; only a cancelled workflow gets here, and then nothing is left to send.
      .catch(() => undefined)
      .finally(() => this.sending.delete(sending));
    this.sending.add(sending);
    this.lastSend = sending;
  }

  /** No send is still in flight: the workflow may end or continue as new. */
  idle(): boolean {
    return this.sending.size === 0;
  }
}
