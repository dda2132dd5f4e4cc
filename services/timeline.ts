import type { Db } from '../db/database';
import { taskIdsOfItem } from '../db/repositories/task.repository';
import type { JsonValue } from '../domain/json';

/**
 * An item's history from the audit trail: its own entries and those of its tasks (assigned,
 * extended, reassigned, completed), oldest first. The one timeline of cases, audits and reviews.
 */
export async function findTimeline(db: Db, entityType: string, entityId: string) {
  const entries = await db
    .selectFrom('audit_trail')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', entityType), eb('entity_id', '=', entityId)]),
        eb.and([eb('entity_type', '=', 'task'), eb('entity_id', 'in', taskIdsOfItem(db, entityId))]),
      ]),
    )
    .orderBy('id')
    .execute();
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
