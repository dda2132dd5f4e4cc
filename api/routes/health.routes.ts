import { pingDatabase } from '../../db/ping';
import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { countOpenAttentionItems } from '../../db/repositories/attention.repository';
import { listAttentionItems } from '../../services/attention-queries';
import { defineRoute } from '../route';
import { readyAttentionSchema } from '../schemas/attention.schema';

const readiness = z.object({
  status: z.enum(['ready']),
  checks: z.object({ database: z.literal('ok'), temporal: z.literal('ok'), evidenceStore: z.literal('ok') }),
  evidenceStore: z.enum(['postgres', 's3']).describe('where evidence bytes are kept (EVIDENCE_STORE)'),
  attention: readyAttentionSchema.describe('work stuck until an operator retries it; it does not make the API unready'),
});

/** The first few stuck items, without their failure's text: /readyz is public and an error may quote data. */
const READY_ATTENTION_ITEMS = 20;
const READY_PROBE_MS = 3_000;

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    tag: 'health',
    access: 'public',
    scope: 'public',
    response: { status: 200, description: 'alive', schema: z.object({ status: z.literal('ok') }) },
    handler: async () => ({ body: { status: 'ok' as const } }),
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the database, Temporal and the evidence store answer',
    tag: 'health',
    access: 'public',
    scope: 'public',
    response: { status: 200, description: 'ready to serve', schema: readiness },
    failures: { 503: 'the database, Temporal or the evidence store does not answer; `detail` says which' },
    handler: async (_input, ctx) => {
      const failures: string[] = [];
      await pingDatabase(ctx.db).catch((error: unknown) => failures.push(`database: ${String(error)}`));
      // A probe answers within seconds, whatever the client's retries would otherwise wait for.
      await ctx.temporal.connection
        .withDeadline(Date.now() + READY_PROBE_MS, () => ctx.temporal.workflowService.getSystemInfo({}))
        .catch((error: unknown) => failures.push(`temporal: ${String(error)}`));
      await ctx.evidenceStore.check().catch((error: unknown) => failures.push(`evidence store (${ctx.evidenceStore.kind}): ${String(error)}`));
      if (failures.length > 0) throw new AppError('unavailable', failures.join('; '));
      // A wedged item is not a reason to take the API out of rotation: shown, not failed on.
      // Anyone may read this page: it details only the deployment's own stuck work (the digests);
      // an organisation's items are counted here and shown to its own members (GET /attention).
      const stuck = await listAttentionItems(ctx.db, { limit: READY_ATTENTION_ITEMS, ofNoAims: true });
      const attention = {
        open: await countOpenAttentionItems(ctx.db),
        items: stuck.map(({ id, workflowId, itemType, itemId, step, errorType, firstSeenAt }) => ({
          id,
          workflowId,
          itemType,
          itemId,
          step,
          errorType,
          firstSeenAt,
        })),
      };
      return {
        body: {
          status: 'ready' as const,
          checks: { database: 'ok' as const, temporal: 'ok' as const, evidenceStore: 'ok' as const },
          evidenceStore: ctx.evidenceStore.kind,
          attention,
        },
      };
    },
  }),
];
