import type { DbOrTrx } from '../database';
import type { AuditEntry } from '../tables/audit-trail.table';

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
  await db
    .insertInto('audit_trail')
    .values({
      occurred_at: change.at,
      actor_id: change.actor.id,
      actor_label: change.actor.label,
      entity_type: change.entityType,
      entity_id: change.entityId,
      action: change.action,
      before: change.before === undefined ? null : JSON.stringify(change.before),
      after: change.after === undefined ? null : JSON.stringify(change.after),
      idempotency_key: change.idempotencyKey ?? null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

export async function listChanges(db: DbOrTrx, entityType: string, entityId: string): Promise<AuditEntry[]> {
  return db
    .selectFrom('audit_trail')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}
