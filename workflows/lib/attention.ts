import { ActivityFailure, ApplicationFailure, condition, patched, setHandler } from '@temporalio/workflow';
import { outboundActivities } from './activities';
import { retryAttentionUpdate } from './attention.definitions';
import { conflict } from './failures';
import { nowIso } from './now';

export interface AttentionOwner {
  workflowId: string;
  /** Null for work of no AIMS (the digests): nobody is emailed, the item still shows. */
  aimsId: string | null;
}

export interface AttentionStep {
  itemType: string;
  itemId: string;
  /** For people: "NC-12: Containment and correction". */
  itemLabel: string;
  /** The step of the work: plan_notifications, plan_occurrence, … */
  step: string;
}

/**
 * The activity's own reason when it failed deterministically (non-retryable); undefined for
 * anything else. An ordinary activity's failure arrives wrapped in an ActivityFailure, a local
 * activity's as the ApplicationFailure itself.
 */
function deterministicFailure(error: unknown): ApplicationFailure | undefined {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.nonRetryable ? failure : undefined;
}

/**
 * The one way a workflow's own background work (a task's reminders, an occurrence's planning,
 * a review's planning, a digest run) meets a failure it cannot get past: it neither fails the
 * workflow nor stops its other timers. The step is recorded as needing attention (an
 * `attention_items` row; the AIMS's programme manager is emailed once) and waits, alone, until
 * an operator retries it (`POST /attention/{id}/retry` → the `retryAttention` update) or until
 * `wake` changes (e.g. the task got a new due date), then runs again; once it goes through, the
 * item is resolved. Transient failures never get here: the activity's retry policy keeps them.
 */
export class Attention {
  /** Attention items this workflow waits on, and whether a retry was asked for. */
  private readonly waiting = new Map<string, boolean>();

  constructor(private readonly owner: AttentionOwner) {
    setHandler(
      retryAttentionUpdate,
      (_actor, { attentionId }) => {
        this.waiting.set(attentionId, true);
        return { retrying: true as const };
      },
      {
        validator: (_actor, { attentionId }) => {
          if (!this.waiting.has(attentionId)) throw conflict(`this workflow is not waiting on attention item ${attentionId}`);
        },
      },
    );
  }

  /** Runs a step of background work until it goes through; `wake` (a version) retries it early when it changes. */
  async guard<T>(step: AttentionStep, run: () => Promise<T>, wake: () => unknown = () => undefined): Promise<T> {
    try {
      return await run();
    } catch (error) {
      return this.recover(error, step, run, wake);
    }
  }

  /**
   * The failure path of `guard`, for a step whose first attempt the caller awaits itself:
   * there the success path must take exactly the microtask turns it took before attention
   * items existed, or the commands of concurrent loops would be ordered differently and
   * recorded histories would no longer replay.
   */
  async recover<T>(error: unknown, step: AttentionStep, run: () => Promise<T>, wake: () => unknown = () => undefined): Promise<T> {
    let failure = deterministicFailure(error);
    // Histories recorded before attention items existed failed here; they replay as they were.
    if (!failure || !patched('needs-attention')) throw error;
    for (;;) {
      const { id } = await outboundActivities.recordAttention({
        ...this.owner,
        ...step,
        errorType: failure.type ?? 'Unknown',
        error: failure.message,
        at: nowIso(),
      });
      const woken = wake();
      this.waiting.set(id, false);
      await condition(() => this.waiting.get(id) === true || wake() !== woken);
      this.waiting.delete(id);
      try {
        const result = await run();
        await outboundActivities.resolveAttention({ id, at: nowIso() });
        return result;
      } catch (again) {
        failure = deterministicFailure(again);
        if (!failure) throw again;
      }
    }
  }
}
