import type { DbOrTrx } from '../database';
import type { AuditEntry } from '../tables/audit-trail.table';
import { taskIdsOfItem } from './task.repository';

export interface Actor {
  /** A person, or null when the engine acted on its own (a timer, an escalation). */
  id: string | null;
  label: string;
}

export const ENGINE_ACTOR: Actor = { id: null, label: 'engine' };

export interface Change {
  actor: Actor;
  at: Date;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  idempotencyKey?: string;
}

/** Appends one entry; call it in the same transaction as the change it records. */
export async function recordChange(db: DbOrTrx, change: Change): Promise<void> {
  await recordChanges(db, [change]);
}

/** Appends entries in one statement, in order; an entry whose idempotency key is taken is skipped. */
export async function recordChanges(db: DbOrTrx, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  await db
    .insertInto('audit_trail')
    .values(
      changes.map((change) => ({
        occurred_at: change.at,
        actor_id: change.actor.id,
        actor_label: change.actor.label,
        entity_type: change.entityType,
        entity_id: change.entityId,
        action: change.action,
        before: change.before === undefined ? null : JSON.stringify(change.before),
        after: change.after === undefined ? null : JSON.stringify(change.after),
        idempotency_key: change.idempotencyKey ?? null,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

export async function listChanges(db: DbOrTrx, entityType: string, entityId: string): Promise<AuditEntry[]> {
  return db.selectFrom('audit_trail').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('id').execute();
}

/**
 * An item's own entries and those of its tasks (assigned, extended, reassigned, completed),
 * oldest first: the one timeline of cases, audits and reviews.
 */
export async function listTimelineEntries(db: DbOrTrx, entityType: string, entityId: string): Promise<AuditEntry[]> {
  return db
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
}

/** Each entity of a type that has an entry with this action (e.g. every review cycle ever created), once. */
export async function listEntityIdsWithAction(db: DbOrTrx, entityType: string, action: string): Promise<string[]> {
  const rows = await db.selectFrom('audit_trail').select('entity_id').distinct().where('entity_type', '=', entityType).where('action', '=', action).execute();
  return rows.map((r) => r.entity_id);
}

/**
 * The latest entry of each entity of a type whose id starts with a prefix (the SoA entries of one
 * AIMS are `<aimsId>/<control>`): who last changed each, and when.
 */
export async function listLatestChangesUnder(db: DbOrTrx, entityType: string, idPrefix: string) {
  return db
    .selectFrom('audit_trail')
    .select(['entity_id', 'actor_label', 'occurred_at'])
    .distinctOn('entity_id')
    .where('entity_type', '=', entityType)
    .where('entity_id', 'like', `${idPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    .orderBy('entity_id')
    .orderBy('id', 'desc')
    .execute();
}
