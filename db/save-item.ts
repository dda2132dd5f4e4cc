import type { DbOrTrx } from './database';
import type { TaskState } from '../domain/task';
import type { WorkflowChange } from '../domain/workflow-change';
import { recordChanges } from './repositories/audit-trail.repository';
import { queueEmails, type QueuedEmail } from './repositories/email-outbox.repository';
import { saveTasks } from './repositories/task.repository';

/** How one item's snapshot is written; the row mappings stay with the item's save activity. */
export interface ItemSave<Saved> {
  /** The workflow whose changes these are: with each change's number, the trail entries' idempotency key. */
  workflowId: string;
  /** The AIMS the item belongs to: its changes extend that AIMS's trail chain. */
  aimsId: string;
  changes: WorkflowChange[];
  /**
   * Writes the item's row unless the stored one is as new or newer (version guard); answers
   * what the write returned, or undefined when an older snapshot was refused (an item with
   * neither other rows nor tasks need not tell).
   */
  upsert: (trx: DbOrTrx) => Promise<Saved | undefined>;
  /** The item's other rows (actions, results), written only when its row was. */
  afterSaved?: (trx: DbOrTrx, saved: Saved) => Promise<void>;
  /** The item's tasks, written only when its row was, guarded by the item's version. */
  tasks?: { list: TaskState[]; version: number };
  /** The emails the change asks for: queued in the same transaction, sent after it (`activities/outbox/`). */
  emails?: QueuedEmail[];
}

/**
 * The one save protocol of every workflow-owned item, run in the caller's transaction: the
 * version-guarded row, then its other rows and tasks, then the emails the change asks for and
 * its audit-trail entries. An older snapshot never overwrites a newer one, and entries and emails
 * an earlier attempt wrote are skipped, so a save activity can be retried at any point.
 */
export async function saveItem<Saved>(trx: DbOrTrx, item: ItemSave<Saved>): Promise<Saved | undefined> {
  const saved = await item.upsert(trx);
  if (saved !== undefined) {
    await item.afterSaved?.(trx, saved);
    if (item.tasks) await saveTasks(trx, item.tasks.list, item.tasks.version);
  }
  await queueEmails(trx, item.emails ?? []);
  // Last: the trail's chain lock (one per AIMS, held to the commit) is then held for its own
  // statements alone, not also for the rows before; every save in the AIMS waits for it.
  await appendChanges(trx, item.aimsId, item.workflowId, item.changes);
  return saved;
}

/** Each entry's key is the workflow id and the change's number, so a retry appends nothing twice. */
async function appendChanges(trx: DbOrTrx, aimsId: string, workflowId: string, changes: WorkflowChange[]): Promise<void> {
  await recordChanges(
    trx,
    changes.map((c) => ({
      aimsId,
      actor: { id: c.actorId, label: c.actorLabel },
      at: new Date(c.at),
      entityType: c.entityType,
      entityId: c.entityId,
      action: c.action,
      before: c.before,
      after: c.after,
      idempotencyKey: `${workflowId}#${c.seq}`,
    })),
  );
}
