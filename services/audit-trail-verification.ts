import { GENESIS_HASH, trailEntryHash } from '../db/audit-trail-hash';
import type { DbOrTrx } from '../db/database';
import { listChainPage } from '../db/repositories/audit-trail.repository';

export interface BrokenEntry {
  entryId: string;
  seq: number;
  reason: 'hash does not match the entry' | 'previous hash does not match the entry before it' | 'entries are missing before it';
}

export interface ChainVerification {
  /** The AIMS whose chain was walked; null: the organisation's own entries (people, tokens). */
  aimsId: string | null;
  /** With no AIMS: the organisation whose own record was walked (null: the deployment's own). */
  organisationId: string | null;
  /** Entries verified, oldest first (up to the first broken one). */
  entries: number;
  intact: boolean;
  /** The first entry that does not verify, oldest first; everything before it does. */
  firstBroken: BrokenEntry | null;
  /** The last entry as stored: what an evidence package records so a later cut is seen too. */
  head: { entryId: string; seq: number; hash: string } | null;
}

const PAGE = 1000;

/**
 * Walks an AIMS's trail in chain order and recomputes every hash. An entry changed in place
 * fails its own hash; one removed from the middle leaves a gap in the positions; a forged
 * replacement that rehashed itself still breaks the next entry's `prev_hash`. Removing entries
 * from the end is only seen against a head recorded earlier (the evidence package's).
 */
export async function verifyTrailChain(db: DbOrTrx, aimsId: string | null, organisationId: string | null = null): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let head: ChainVerification['head'] = null;
  for (;;) {
    const page = await listChainPage(db, aimsId, expectedSeq - 1, PAGE, organisationId);
    for (const row of page) {
      const seq = Number(row.chain_seq);
      const broken = (reason: BrokenEntry['reason']): ChainVerification => ({
        aimsId,
        organisationId,
        entries,
        intact: false,
        firstBroken: { entryId: row.id, seq, reason },
        head: null,
      });
      if (seq !== expectedSeq) return broken('entries are missing before it');
      if (row.prev_hash !== prevHash) return broken('previous hash does not match the entry before it');
      const hash = trailEntryHash({
        aimsId: row.aims_id,
        organisationId: row.organisation_id,
        seq,
        prevHash: row.prev_hash,
        occurredAt: row.occurred_at,
        actorId: row.actor_id,
        actorLabel: row.actor_label,
        entityType: row.entity_type,
        entityId: row.entity_id,
        action: row.action,
        before: row.before,
        after: row.after,
        idempotencyKey: row.idempotency_key,
      });
      if (hash !== row.hash) return broken('hash does not match the entry');
      entries += 1;
      expectedSeq += 1;
      prevHash = row.hash;
      head = { entryId: row.id, seq, hash: row.hash };
    }
    if (page.length < PAGE) break;
  }
  return { aimsId, organisationId, entries, intact: true, firstBroken: null, head };
}
