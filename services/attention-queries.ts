import type { DbOrTrx } from '../db/database';

export interface AttentionItemView {
  id: string;
  workflowId: string;
  aimsId: string | null;
  aimsName: string | null;
  itemType: string;
  itemId: string;
  itemLabel: string;
  step: string;
  errorType: string;
  error: string;
  firstSeenAt: string;
  lastSeenAt: string;
  retryRequestedAt: string | null;
  resolvedAt: string | null;
}

/** Items needing attention, oldest first: open ones only unless asked (the API, the dashboard, /readyz). */
export async function listAttentionItems(db: DbOrTrx, options: { includeResolved?: boolean; limit?: number } = {}): Promise<AttentionItemView[]> {
  let query = db
    .selectFrom('attention_items')
    .leftJoin('aims', 'aims.id', 'attention_items.aims_id')
    .selectAll('attention_items')
    .select('aims.name as aims_name')
    .orderBy('attention_items.first_seen_at')
    .orderBy('attention_items.id')
    .limit(options.limit ?? 500);
  if (!options.includeResolved) query = query.where('attention_items.resolved_at', 'is', null);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    workflowId: r.workflow_id,
    aimsId: r.aims_id,
    aimsName: r.aims_name,
    itemType: r.item_type,
    itemId: r.item_id,
    itemLabel: r.item_label,
    step: r.step,
    errorType: r.error_type,
    error: r.error,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    retryRequestedAt: r.retry_requested_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
  }));
}

export async function countOpenAttentionItems(db: DbOrTrx): Promise<number> {
  const { n } = await db
    .selectFrom('attention_items')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}
