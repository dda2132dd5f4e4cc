import type { WorkflowChange } from '../../domain/workflow-change';
import type { Actor } from '../../domain/actor';

export interface ChangeEntry {
  actor: Actor | null;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}

/**
 * The audit-trail entries of a workflow's changes, waiting for the next save. The running
 * number (carried across continue-as-new) makes each entry's idempotency key.
 */
export class ChangeLog {
  private pending: WorkflowChange[] = [];

  constructor(public seq = 0) {}

  record(entry: ChangeEntry): void {
    const { actor, ...rest } = entry;
    this.pending.push({ seq: ++this.seq, at: new Date(Date.now()).toISOString(), actorId: actor?.id ?? null, actorLabel: actor?.name ?? 'engine', ...rest });
  }

  /** Where the log stands, for a command that may have to be undone (`checkpoint.ts`). */
  mark(): { seq: number; pending: WorkflowChange[] } {
    return { seq: this.seq, pending: [...this.pending] };
  }

  /** Back to a mark: the entries recorded since were never saved (the save failed). */
  restore(mark: { seq: number; pending: WorkflowChange[] }): void {
    this.seq = mark.seq;
    this.pending = [...mark.pending];
  }

  /**
   * A save that gives its entries back when it fails, so that running it again (an operator's
   * retry of a step that needed attention) writes them after all.
   */
  keepingChanges(save: () => Promise<void>): () => Promise<void> {
    return async () => {
      const mark = this.mark();
      try {
        await save();
      } catch (error) {
        this.restore(mark);
        throw error;
      }
    };
  }

  take(): WorkflowChange[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}
