import { inAims } from '../aims-filter';
import { sql } from 'kysely';
import type { DbOrTrx } from '../database';
import type { AttentionItem } from '../tables/attention-items.table';

export interface AttentionReport {
  workflowId: string;
  aimsId: string | null;
  itemType: string;
  itemId: string;
  step: string;
  /** Already made storable by the caller. */
  itemLabel: string;
  error: string;
  errorType: string;
  at: Date;
}

/**
 * Records that a step is stuck: one open row per (workflow, item, step); a repeat updates its
 * text and last sighting and withdraws any retry request. Returns the row's id and first sighting.
 */
export async function upsertAttentionItem(db: DbOrTrx, report: AttentionReport): Promise<{ id: string; first_seen_at: Date }> {
  const text = { item_label: report.itemLabel, error: report.error, error_type: report.errorType };
  return db
    .insertInto('attention_items')
    .values({
      workflow_id: report.workflowId,
      aims_id: report.aimsId,
      item_type: report.itemType,
      item_id: report.itemId,
      step: report.step,
      ...text,
      first_seen_at: report.at,
      last_seen_at: report.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['workflow_id', 'item_type', 'item_id', 'step'])
        .where('resolved_at', 'is', null)
        .doUpdateSet({ ...text, last_seen_at: report.at, retry_requested_at: null, retry_requested_by: null }),
    )
    .returning(['id', 'first_seen_at'])
    .executeTakeFirstOrThrow();
}

/** Resolves an item; one resolved already keeps its first resolution instant. */
export async function resolveAttentionItem(db: DbOrTrx, id: string, at: Date): Promise<void> {
  await db
    .updateTable('attention_items')
    .set({ resolved_at: sql`coalesce(resolved_at, ${at})` })
    .where('id', '=', id)
    .execute();
}

export async function findAttentionItem(db: DbOrTrx, id: string): Promise<Pick<AttentionItem, 'id' | 'workflow_id' | 'resolved_at'> | undefined> {
  return db.selectFrom('attention_items').select(['id', 'workflow_id', 'resolved_at']).where('id', '=', id).executeTakeFirst();
}

export async function markRetryRequested(db: DbOrTrx, id: string, at: Date, byPersonId: string): Promise<void> {
  await db.updateTable('attention_items').set({ retry_requested_at: at, retry_requested_by: byPersonId }).where('id', '=', id).execute();
}

export async function clearRetryRequest(db: DbOrTrx, id: string): Promise<void> {
  await db.updateTable('attention_items').set({ retry_requested_at: null, retry_requested_by: null }).where('id', '=', id).execute();
}

/** Items with their AIMS's name, oldest first, open ones only unless asked. */
export async function listAttentionRows(
  db: DbOrTrx,
  /** `aimsIds`: items of those AIMS only; `ofNoAims`: only the deployment's own items (the digests), for its operator's `/readyz`. */
  options: { includeResolved?: boolean; limit?: number; aimsIds?: readonly string[]; ofNoAims?: boolean } = {},
): Promise<(AttentionItem & { aims_name: string | null })[]> {
  let query = db
    .selectFrom('attention_items')
    .leftJoin('aims', 'aims.id', 'attention_items.aims_id')
    .selectAll('attention_items')
    .select('aims.name as aims_name')
    .orderBy('attention_items.first_seen_at')
    .orderBy('attention_items.id')
    .limit(options.limit ?? 500);
  if (!options.includeResolved) query = query.where('attention_items.resolved_at', 'is', null);
  // Items of no AIMS (the digests) belong to the deployment, not to any organisation: no organisation's list shows them.
  if (options.aimsIds) query = query.where(inAims('attention_items.aims_id', options.aimsIds));
  if (options.ofNoAims) query = query.where('attention_items.aims_id', 'is', null);
  return query.execute();
}

export async function countOpenAttentionItems(db: DbOrTrx, aimsIds?: readonly string[]): Promise<number> {
  let query = db
    .selectFrom('attention_items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('resolved_at', 'is', null);
  if (aimsIds) query = query.where(inAims('aims_id', aimsIds));
  const { n } = await query.executeTakeFirstOrThrow();
  return Number(n);
}
