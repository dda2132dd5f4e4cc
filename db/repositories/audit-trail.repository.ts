import { sql, type ExpressionBuilder } from 'kysely';
import { GENESIS_HASH, trailEntryHash } from '../audit-trail-hash';
import type { Database, DbOrTrx } from '../database';
import type { AuditEntry } from '../tables/audit-trail.table';
import { taskIdsOfItem } from './task.repository';

export interface Actor {
  /** A person, or null when the engine acted on its own (a timer, an escalation). */
  id: string | null;
  label: string;
}

export const ENGINE_ACTOR: Actor = { id: null, label: 'engine' };

export interface Change {
  /** The AIMS whose record changes (its chain); null for the organisation's own (people, tokens). */
  aimsId: string | null;
  /**
   * With no AIMS: the organisation whose own record the entry is in (null: the deployment's own).
   * Left out, it is found from what the entry is about (`ownRecordOrganisation`).
   */
  organisationId?: string | null;
  actor: Actor;
  at: Date;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  idempotencyKey?: string;
}

/**
 * Appends one entry, chained to the last entry of its AIMS; call it in the same transaction as
 * the change it records. The transaction holds its chain's head row (`audit_chain_heads`) until
 * it ends, so concurrent writers of one AIMS append one after the other and cannot fork the
 * chain (the unique `(aims_id, chain_seq)` index would refuse a fork anyway); other AIMS are not
 * held up.
 */
export async function recordChange(db: DbOrTrx, change: Change): Promise<void> {
  await recordChanges(db, [change]);
}

/**
 * Appends entries of one chain in order (a save's changes: all of one AIMS) with two statements
 * whatever their number: the chain's head, locked, with which of the entries' idempotency keys
 * are there already; then the entries and the new head. The chain is held from the first to the
 * commit. An entry an earlier attempt wrote is left out before the chain is computed, so the
 * entries written follow each other with no gap, as if each had been appended alone.
 */
export async function recordChanges(db: DbOrTrx, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  const first = changes[0]!;
  const organisationId = first.aimsId !== null ? null : first.organisationId !== undefined ? first.organisationId : await ownRecordOrganisation(db, first);
  for (const c of changes.slice(1)) {
    const own = c.aimsId !== null ? null : c.organisationId !== undefined ? c.organisationId : await ownRecordOrganisation(db, c);
    if (c.aimsId !== first.aimsId || own !== organisationId) throw new Error('recordChanges: every entry of one call must belong to one chain');
  }
  const chain = chainKey(first.aimsId, organisationId);
  const keys = changes.map((c) => c.idempotencyKey).filter((k): k is string => k !== undefined);
  const { head, written } = await lockChainHead(db, chain, keys);
  let seq = Number(head.chain_seq);
  let prevHash = head.hash;
  const rows = [];
  for (const change of changes) {
    const idempotencyKey = change.idempotencyKey ?? null;
    if (idempotencyKey !== null && written.has(idempotencyKey)) continue;
    seq += 1;
    const before = asStored(change.before);
    const after = asStored(change.after);
    const hash = trailEntryHash({
      aimsId: change.aimsId,
      organisationId,
      seq,
      prevHash,
      occurredAt: change.at,
      actorId: change.actor.id,
      actorLabel: change.actor.label,
      entityType: change.entityType,
      entityId: change.entityId,
      action: change.action,
      before,
      after,
      idempotencyKey,
    });
    rows.push({
      occurred_at: change.at,
      actor_id: change.actor.id,
      actor_label: change.actor.label,
      entity_type: change.entityType,
      entity_id: change.entityId,
      action: change.action,
      before: before === null ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after),
      idempotency_key: idempotencyKey,
      aims_id: change.aimsId,
      organisation_id: organisationId,
      chain_seq: seq,
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
  }
  if (rows.length === 0) return;
  try {
    await db
      .with('new_head', (qb) => qb.updateTable('audit_chain_heads').set({ chain_seq: seq, hash: prevHash }).where('chain_key', '=', chain))
      .insertInto('audit_trail')
      .values(rows)
      .execute();
  } catch (error) {
    if ((error as { constraint?: string }).constraint === IDEMPOTENCY_KEY_CONSTRAINT) throw new AppendOvertaken();
    throw error;
  }
}

/** The trail's unique index on `idempotency_key` (PostgreSQL's name for the column's unique constraint). */
const IDEMPOTENCY_KEY_CONSTRAINT = 'audit_trail_idempotency_key_key';

/**
 * An earlier attempt of the same change (a local activity retried while the attempt it gave up
 * on still ran) committed these entries while this one waited for the chain's head: `written` had
 * been read before. Transient, not a conflict: the transaction rolls back, and the next attempt
 * finds the entries written and leaves them.
 */
export class AppendOvertaken extends Error {
  constructor() {
    super('an earlier attempt of this change wrote its trail entries meanwhile; try again');
    this.name = 'AppendOvertaken';
  }
}

/**
 * Locks the chain's head row and reads it (created at position 0 for a chain's first entry),
 * with which of `keys` the trail already carries, in one statement. A writer that waited for the
 * row gets the head its predecessor committed (an upsert reads the row's latest version once it
 * holds it). `written` is read as the statement starts: an earlier attempt of the same change
 * that committed before it is seen; one that commits while this one waits makes the insert fail
 * (`AppendOvertaken`, and the next attempt sees it).
 */
async function lockChainHead(db: DbOrTrx, chain: string, keys: string[]) {
  const row = await db
    .insertInto('audit_chain_heads')
    .values({ chain_key: chain, chain_seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('chain_key').doUpdateSet((eb) => ({ chain_seq: eb.ref('audit_chain_heads.chain_seq') })))
    .returning([
      'chain_seq',
      'hash',
      sql<string[]>`(select coalesce(array_agg(idempotency_key), '{}') from audit_trail where idempotency_key = any(${keys}::text[]))`.as('written'),
    ])
    .executeTakeFirstOrThrow();
  return { head: { chain_seq: row.chain_seq, hash: row.hash }, written: new Set(row.written) };
}

/** The value as jsonb gives it back (undefined fields dropped, dates as strings), which the hash covers. */
function asStored(value: unknown): unknown {
  return value === undefined || value === null ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** A chain's name in `audit_chain_heads`: the migration that made the table names them the same way. */
function chainKey(aimsId: string | null, organisationId: string | null): string {
  return `audit_trail:${aimsId ?? (organisationId ? `organisation:${organisationId}` : 'deployment')}`;
}

/**
 * The organisation whose own record an entry of no AIMS belongs to: the organisation it names,
 * else the home of the person it is about (a token's or feed link's holder), else the home of
 * whoever acted; none (the deployment's own record) for the engine's entries about nothing of
 * an organisation. The same rule as the migration that split that record per organisation.
 */
async function ownRecordOrganisation(db: DbOrTrx, change: Change): Promise<string | null> {
  const row = await sql<{ organisation_id: string | null }>`
    select coalesce(
      (select o.id from organisations o where ${change.entityType} = 'organisation' and o.id::text = ${change.entityId}),
      (select p.organisation_id from people p where ${change.entityType} = 'person' and p.id::text = ${change.entityId}),
      (select p.organisation_id from api_tokens k join people p on p.id = k.person_id where ${change.entityType} = 'api_token' and k.id::text = ${change.entityId}),
      (select p.organisation_id from feed_tokens k join people p on p.id = k.person_id where ${change.entityType} = 'feed_token' and k.id::text = ${change.entityId}),
      (select p.organisation_id from people p where p.id = ${change.actor.id}::uuid)) as organisation_id`.execute(db);
  return row.rows[0]?.organisation_id ?? null;
}

/** Entries of one chain: an AIMS's, else an organisation's own record, else the deployment's. */
function ofChain(aimsId: string | null, organisationId: string | null) {
  return (eb: ExpressionBuilder<Database, 'audit_trail'>) =>
    aimsId !== null
      ? eb('aims_id', '=', aimsId)
      : eb.and([eb('aims_id', 'is', null), organisationId === null ? eb('organisation_id', 'is', null) : eb('organisation_id', '=', organisationId)]);
}

/** The last entry of a chain (an AIMS's; with no AIMS, the organisation's own record), or undefined while it is empty. */
export async function chainHead(db: DbOrTrx, aimsId: string | null, organisationId: string | null = null) {
  return db
    .selectFrom('audit_trail')
    .select(['id', 'chain_seq', 'hash', 'occurred_at'])
    .where(ofChain(aimsId, organisationId))
    .orderBy('chain_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** One page of a chain in order, after position `afterSeq`: what verification walks. */
export async function listChainPage(
  db: DbOrTrx,
  aimsId: string | null,
  afterSeq: number,
  limit: number,
  organisationId: string | null = null,
): Promise<AuditEntry[]> {
  return db
    .selectFrom('audit_trail')
    .selectAll()
    .where(ofChain(aimsId, organisationId))
    .where('chain_seq', '>', String(afterSeq))
    .orderBy('chain_seq')
    .limit(limit)
    .execute();
}

export async function listChanges(db: DbOrTrx, entityType: string, entityId: string): Promise<AuditEntry[]> {
  return db.selectFrom('audit_trail').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('id').execute();
}

/** What a timeline shows of an entry. */
export type TimelineEntry = Pick<AuditEntry, 'occurred_at' | 'actor_id' | 'actor_label' | 'entity_type' | 'entity_id' | 'action' | 'before' | 'after'>;

/**
 * An item's own entries and those of its tasks (assigned, extended, reassigned, completed),
 * oldest first: the one timeline of cases, audits and reviews.
 */
export async function listTimelineEntries(db: DbOrTrx, entityType: string, entityId: string): Promise<TimelineEntry[]> {
  return timelineEntriesQuery(db, entityType, entityId).execute();
}

/** The query of `listTimelineEntries` (a part of an item read in one statement). */
export function timelineEntriesQuery(db: DbOrTrx, entityType: string, entityId: string) {
  return db
    .selectFrom('audit_trail')
    .select(['occurred_at', 'actor_id', 'actor_label', 'entity_type', 'entity_id', 'action', 'before', 'after'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity_type', '=', entityType), eb('entity_id', '=', entityId)]),
        eb.and([eb('entity_type', '=', 'task'), eb('entity_id', 'in', taskIdsOfItem(db, entityId))]),
      ]),
    )
    .orderBy('id');
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

export interface TrailFilter {
  /** An item: its own entries and those of its tasks. */
  itemId?: string;
  /** Entries made by this person. */
  actorId?: string;
  /** Entries about this kind of entity (`soa_entry`, `nc_case`, `certification`). */
  entityType?: string;
  /** From this instant (inclusive) … */
  from?: Date;
  /** … up to this instant (exclusive). */
  to?: Date;
}

function trailOfAims(db: DbOrTrx, aimsId: string, filter: TrailFilter) {
  let query = db.selectFrom('audit_trail').where('aims_id', '=', aimsId);
  const { itemId, actorId, entityType, from, to } = filter;
  if (itemId)
    query = query.where((eb) =>
      eb.or([eb('entity_id', '=', itemId), eb.and([eb('entity_type', '=', 'task'), eb('entity_id', 'in', taskIdsOfItem(db, itemId))])]),
    );
  if (actorId) query = query.where('actor_id', '=', actorId);
  if (entityType) query = query.where('entity_type', '=', entityType);
  if (from) query = query.where('occurred_at', '>=', from);
  if (to) query = query.where('occurred_at', '<', to);
  return query;
}

/** One AIMS's trail entries the filter finds, in chain order, a page at a time (no limit: all of them). */
export async function listTrailEntries(db: DbOrTrx, aimsId: string, filter: TrailFilter, page?: { limit: number; offset: number }): Promise<AuditEntry[]> {
  let query = trailOfAims(db, aimsId, filter).selectAll().orderBy('chain_seq');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return query.execute();
}

export async function countTrailEntries(db: DbOrTrx, aimsId: string, filter: TrailFilter): Promise<number> {
  const row = await trailOfAims(db, aimsId, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The last entry of an AIMS's chain made up to an instant: the head an evidence package carries. */
export async function chainHeadAsOf(db: DbOrTrx, aimsId: string | null, asOf: Date) {
  return db
    .selectFrom('audit_trail')
    .select(['id', 'chain_seq', 'hash', 'occurred_at'])
    .where((eb) => (aimsId === null ? eb('aims_id', 'is', null) : eb('aims_id', '=', aimsId)))
    .where('occurred_at', '<=', asOf)
    .orderBy('chain_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** An organisation's own record (entries of no AIMS: its people, tokens, feed links, settings), in chain order. */
export async function listOrganisationRecord(db: DbOrTrx, organisationId: string): Promise<AuditEntry[]> {
  return db.selectFrom('audit_trail').selectAll().where(ofChain(null, organisationId)).orderBy('chain_seq').execute();
}

/** The entities of a type that have any entry in an AIMS's chain. */
export async function listEntityIdsOfTypeIn(db: DbOrTrx, aimsId: string, entityType: string): Promise<string[]> {
  const rows = await db.selectFrom('audit_trail').select('entity_id').distinct().where('aims_id', '=', aimsId).where('entity_type', '=', entityType).execute();
  return rows.map((r) => r.entity_id);
}

/** The latest `archive_downloaded` entry of an organisation's own record: when its archive was last taken, and its sha256. */
export async function latestArchiveOf(db: DbOrTrx, organisationId: string): Promise<{ occurred_at: Date; sha256: string | null } | undefined> {
  const row = await db
    .selectFrom('audit_trail')
    .select(['occurred_at', sql<string | null>`after ->> 'sha256'`.as('sha256')])
    .where(ofChain(null, organisationId))
    .where('entity_type', '=', 'organisation')
    .where('entity_id', '=', organisationId)
    .where('action', '=', 'archive_downloaded')
    .orderBy('chain_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row;
}

/** The instant of the organisation's last change: its own record's and its AIMS's latest entries, archive downloads aside. */
export async function lastChangeOf(db: DbOrTrx, organisationId: string, aimsIds: readonly string[]): Promise<Date | null> {
  const row = await db
    .selectFrom('audit_trail')
    .select((eb) => eb.fn.max('occurred_at').as('at'))
    .where((eb) =>
      eb.or([eb.and([eb('aims_id', 'is', null), eb('organisation_id', '=', organisationId)]), ...(aimsIds.length ? [eb('aims_id', 'in', [...aimsIds])] : [])]),
    )
    .where((eb) => eb.not(eb.and([eb('entity_type', '=', 'organisation'), eb('action', '=', 'archive_downloaded')])))
    .executeTakeFirst();
  return row?.at ?? null;
}
