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
  /** The AIMS whose record the entry changes; null for the organisation's own (people, tokens). */
  aims_id: ColumnType<string | null, string | null, never>;
  /** For an entry of no AIMS: the organisation whose own record it is in (its chain); null: the deployment's own. */
  organisation_id: ColumnType<string | null, string | null | undefined, never>;
  /** Position in its AIMS's chain, from 1 (bigint: a string). */
  chain_seq: ColumnType<string, number, never>;
  /** The previous entry's hash in the same chain (64 zeros for the first). */
  prev_hash: ColumnType<string, string, never>;
  /** sha256 of the entry's canonical form with `prev_hash` (`db/audit-trail-hash.ts`). */
  hash: ColumnType<string, string, never>;
}

export type AuditEntry = Selectable<AuditTrailTable>;

/** The last entry of one chain (`chain_key` as `chainKey` names it): locked and read to append, written with the entries. */
export interface AuditChainHeadsTable {
  chain_key: string;
  chain_seq: ColumnType<string, number, number>;
  hash: string;
}
