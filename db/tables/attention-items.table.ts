import type { Generated, Selectable } from 'kysely';

/**
 * Work a workflow could not get past (a deterministic failure of its own background work: a
 * reminder that cannot be planned, an occurrence that cannot be prepared). The workflow waits
 * on it, keeping its other timers running, until an operator retries it after a fix.
 */
export interface AttentionItemsTable {
  id: Generated<string>;
  workflow_id: string;
  /** Null for work that belongs to no AIMS (the digests). */
  aims_id: string | null;
  /** What failed: a task, an audit programme occurrence, a review, the digests. */
  item_type: string;
  item_id: string;
  /** For people: "NC-12: Containment and correction". */
  item_label: string;
  /** The step of the work: plan_notifications, send_notification, plan_occurrence, … */
  step: string;
  /** One of domain/failure-types.ts. */
  error_type: string;
  error: string;
  first_seen_at: Date;
  last_seen_at: Date;
  retry_requested_at: Date | null;
  retry_requested_by: string | null;
  resolved_at: Date | null;
}

export type AttentionItem = Selectable<AttentionItemsTable>;
