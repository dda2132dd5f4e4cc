import type { Db } from '../db/database';
import { countTrailEntries, listTrailEntries, type TrailFilter } from '../db/repositories/audit-trail.repository';
import type { AuditEntry } from '../db/tables/audit-trail.table';

export type { TrailFilter } from '../db/repositories/audit-trail.repository';

/** One trail entry as the API and the CSV show it. */
export function toTrailEntryDto(e: AuditEntry) {
  return {
    id: e.id,
    seq: Number(e.chain_seq),
    occurredAt: e.occurred_at.toISOString(),
    actorId: e.actor_id,
    actor: e.actor_label,
    entityType: e.entity_type,
    entityId: e.entity_id,
    action: e.action,
    before: e.before === null ? null : JSON.stringify(e.before),
    after: e.after === null ? null : JSON.stringify(e.after),
    hash: e.hash,
    prevHash: e.prev_hash,
  };
}

export type TrailEntryDto = ReturnType<typeof toTrailEntryDto>;

/** A page of one AIMS's audit trail: `GET /aims/{id}/audit-trail`. */
export async function trailPage(db: Db, aimsId: string, filter: TrailFilter, page: { limit: number; offset: number }) {
  const [entries, total] = await Promise.all([listTrailEntries(db, aimsId, filter, page), countTrailEntries(db, aimsId, filter)]);
  return { items: entries.map(toTrailEntryDto), total };
}

/** Every entry the filter finds, in chain order: the CSV export and the evidence package. */
export async function allTrailEntries(db: Db, aimsId: string, filter: TrailFilter): Promise<TrailEntryDto[]> {
  return (await listTrailEntries(db, aimsId, filter)).map(toTrailEntryDto);
}
