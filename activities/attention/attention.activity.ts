import type { Db } from '../../db/database';
import { findProgrammeManagerOf } from '../../db/repositories/aims.repository';
import { resolveAttentionItem, upsertAttentionItem } from '../../db/repositories/attention.repository';
import { renderAttentionEmail } from '../../mail/templates/attention-email';
import { sendOnce, type SendDeps } from '../send-email.activity';

export interface RecordAttentionInput {
  workflowId: string;
  aimsId: string | null;
  itemType: string;
  itemId: string;
  itemLabel: string;
  step: string;
  errorType: string;
  error: string;
  /** Workflow time of the failure. */
  at: string;
}

/**
 * Text that came out of a failure may hold the very value the database refused (a NUL byte, a
 * lone surrogate): it is made storable before it is stored, or the record of the failure would
 * fail the same way.
 */
export function storable(text: string, max = 2_000): string {
  return text
    .slice(0, max)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') // lone surrogates
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD'); // control characters but tab and newlines
}

/**
 * Records that a workflow is stuck on a step (one open row per step: a repeat updates it) and
 * emails the AIMS's programme manager once per row through the exactly-once send.
 */
export function createRecordAttention(deps: SendDeps & { publicBaseUrl: string }) {
  return async function recordAttention(input: RecordAttentionInput): Promise<{ id: string }> {
    const at = new Date(input.at);
    const text = { item_label: storable(input.itemLabel, 300), error: storable(input.error), error_type: storable(input.errorType, 50) };
    const row = await upsertAttentionItem(deps.db, {
      workflowId: input.workflowId,
      aimsId: input.aimsId,
      itemType: input.itemType,
      itemId: input.itemId,
      step: input.step,
      itemLabel: text.item_label,
      error: text.error,
      errorType: text.error_type,
      at,
    });
    await alertProgrammeManager(deps, row.id, input.aimsId, { ...input, ...text, firstSeenAt: row.first_seen_at.toISOString() });
    return { id: row.id };
  };
}

async function alertProgrammeManager(
  deps: SendDeps & { publicBaseUrl: string },
  id: string,
  aimsId: string | null,
  d: { item_label: string; step: string; error: string; firstSeenAt: string },
): Promise<void> {
  // Work of no AIMS (the digests) has no programme manager to tell: it shows on /attention and /readyz.
  if (!aimsId) return;
  const pm = await findProgrammeManagerOf(deps.db, aimsId);
  if (!pm?.active) return;
  const email = renderAttentionEmail({
    recipientName: pm.name,
    itemLabel: d.item_label,
    step: d.step,
    error: d.error,
    firstSeenAt: d.firstSeenAt,
    listUrl: `${deps.publicBaseUrl}/attention`,
    retryUrl: `${deps.publicBaseUrl}/attention/${id}/retry`,
  });
  await sendOnce(deps, { dedupeKey: `attention:${id}|to:${pm.id}`, to: pm.email, ...email, aimsId });
}

/** The step went through after a retry (or became moot): the item no longer needs attention. */
export function createResolveAttention({ db }: { db: Db }) {
  return async function resolveAttention(input: { id: string; at: string }): Promise<void> {
    await resolveAttentionItem(db, input.id, new Date(input.at));
  };
}
