import type { ColumnType, Generated, Selectable } from 'kysely';

type Json = ColumnType<unknown, string | null, never>;

/**
 * Append-only record of every state change (ISO/IEC 42001 7.5 documented information).
 * A trigger refuses UPDATE and DELETE.
 */
export interface AuditTrailTable {
  /** bigint identity: node-postgres returns it as a string. */
  id: Generated<string>;
  occurred_at: ColumnType<Date, Date | undefined, never>;
  /** The person who acted; null when the engine itself acted (timers, escalations). */
  actor_id: string | null;
  actor_label: string;
  entity_type: string;
  entity_id: string;
  action: string;
  before: Json;
  after: Json;
  /** Set by workflow-driven writes so that a retried activity appends nothing twice. */
  idempotency_key: ColumnType<string | null, string | null | undefined, never>;
}

export type AuditEntry = Selectable<AuditTrailTable>;
