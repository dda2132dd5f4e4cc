import type { Db } from '../db/database';
import { listTimelineEntries, type TimelineEntry } from '../db/repositories/audit-trail.repository';
import type { JsonValue } from '../domain/json';

/**
 * An item's history from the audit trail: its own entries and those of its tasks (assigned,
 * extended, reassigned, completed), oldest first. The one timeline of cases, audits and reviews.
 */
export async function findTimeline(db: Db, entityType: string, entityId: string) {
  return timelineOf(await listTimelineEntries(db, entityType, entityId));
}

/** The timeline of entries read already (an item read with its parts in one statement). */
export function timelineOf(entries: readonly TimelineEntry[]) {
  return entries.map((e) => ({
    at: e.occurred_at.toISOString(),
    actorId: e.actor_id,
    actor: e.actor_label,
    entityType: e.entity_type,
    entityId: e.entity_id,
    action: e.action,
    // jsonb: whatever was written, read back as JSON.
    before: e.before as JsonValue,
    after: e.after as JsonValue,
  }));
}
