import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The `prev_hash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry's fields as stored, which its hash covers. */
export interface ChainedFields {
  aimsId: string | null;
  /** The organisation whose own record (no AIMS) the entry is in; null for AIMS entries and the deployment's own. */
  organisationId?: string | null;
  seq: number;
  prevHash: string;
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  idempotencyKey: string | null;
}

/**
 * The hash of one trail entry: sha256 (hex) of the RFC 8785 canonical JSON of its fields with the
 * previous entry's hash. Canonical JSON (sorted keys, fixed number form) because `before` and
 * `after` are jsonb, which does not keep the key order they were written with; instants at
 * millisecond precision, as JavaScript writes and reads them. Version 1 (`v`) is also copied,
 * frozen, into the migration that chained the entries that existed before; version 2 (an entry
 * of an organisation's own record, which names its organisation so that no entry can be moved
 * into another organisation's chain) into the one that split that record per organisation.
 * Version 1 is unchanged, so every AIMS's chain keeps its hashes.
 */
export function trailEntryHash(f: ChainedFields): string {
  const organisationId = f.organisationId ?? null;
  const canonical = canonicalize({
    ...(organisationId === null ? { v: 1 } : { v: 2, organisationId }),
    aimsId: f.aimsId,
    seq: f.seq,
    prevHash: f.prevHash,
    occurredAt: f.occurredAt.toISOString(),
    actorId: f.actorId,
    actorLabel: f.actorLabel,
    entityType: f.entityType,
    entityId: f.entityId,
    action: f.action,
    before: f.before,
    after: f.after,
    idempotencyKey: f.idempotencyKey,
  });
  return createHash('sha256')
    .update(canonical ?? '', 'utf8')
    .digest('hex');
}
