import { sql } from 'kysely';
import type { Db } from '../../db/database';
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
    const row = await deps.db
      .insertInto('attention_items')
      .values({
        workflow_id: input.workflowId,
        aims_id: input.aimsId,
        item_type: input.itemType,
        item_id: input.itemId,
        step: input.step,
        ...text,
        first_seen_at: at,
        last_seen_at: at,
      })
      .onConflict((oc) =>
        oc
          .columns(['workflow_id', 'item_type', 'item_id', 'step'])
          .where('resolved_at', 'is', null)
          .doUpdateSet({ ...text, last_seen_at: at, retry_requested_at: null, retry_requested_by: null }),
      )
      .returning(['id', 'first_seen_at'])
      .executeTakeFirstOrThrow();
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
  const pm = await deps.db
    .selectFrom('aims')
    .innerJoin('people', 'people.id', 'aims.programme_manager_id')
    .select(['people.id', 'people.name', 'people.email', 'people.active'])
    .where('aims.id', '=', aimsId)
    .executeTakeFirst();
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
  await sendOnce(deps, { dedupeKey: `attention:${id}|to:${pm.id}`, to: pm.email, ...email });
}

/** The step went through after a retry (or became moot): the item no longer needs attention. */
export function createResolveAttention({ db }: { db: Db }) {
  return async function resolveAttention(input: { id: string; at: string }): Promise<void> {
    await db
      .updateTable('attention_items')
      .set({ resolved_at: sql`coalesce(resolved_at, ${new Date(input.at)})` })
      .where('id', '=', input.id)
      .execute();
  };
}
