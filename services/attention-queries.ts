import type { DbOrTrx } from '../db/database';
import { listAttentionRows } from '../db/repositories/attention.repository';

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
export async function listAttentionItems(
  db: DbOrTrx,
  options: { includeResolved?: boolean; limit?: number; aimsIds?: readonly string[]; ofNoAims?: boolean } = {},
): Promise<AttentionItemView[]> {
  const rows = await listAttentionRows(db, options);
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
