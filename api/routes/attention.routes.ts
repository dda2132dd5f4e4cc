import { z } from 'zod';
import { clearRetryRequest, findAttentionItem, markRetryRequested } from '../../db/repositories/attention.repository';
import type { Db } from '../../db/database';
import { retryEmailNow } from '../../db/repositories/email-outbox.repository';
import { AppError } from '../../domain/app-error';
import { OVERSIGHT_ROLES } from '../../domain/roles';
import { listAttentionItems } from '../../services/attention-queries';
import { retryAttentionUpdate } from '../../workflows/lib/attention.definitions';
import { actorOf } from '../actor';
import { defineRoute, uuidParam } from '../route';
import { runCommand } from '../run-command';
import { attentionItemSchema } from '../schemas/attention.schema';

export const attentionRoutes = [
  defineRoute({
    method: 'get',
    path: '/attention',
    summary: 'Work a workflow could not get past and waits on an operator for (programme managers and management), oldest first',
    tag: 'attention',
    access: OVERSIGHT_ROLES,
    scope: 'list',
    query: z.object({ include: z.enum(['resolved']).optional().describe('also list resolved items') }).strict(),
    response: { status: 200, description: 'items needing attention', schema: z.object({ items: z.array(attentionItemSchema) }) },
    handler: async ({ query, aimsIds }, ctx) => ({
      body: { items: await listAttentionItems(ctx.db, { includeResolved: query.include === 'resolved', aimsIds }) },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/attention/:id/retry',
    summary: 'Run a stuck step again, after fixing its cause (admins and programme managers); the item is resolved when the step goes through',
    tag: 'attention',
    access: ['admin', 'programme_manager'],
    scope: { item: 'attention' },
    params: uuidParam,
    response: {
      status: 202,
      description: 'the workflow runs the step again; if it fails again the item stays open with the new reason',
      schema: attentionItemSchema,
    },
    failures: { 404: 'no such attention item', 409: 'resolved already, or its workflow no longer waits on it' },
    handler: async ({ params, person }, ctx) => {
      const row = await findAttentionItem(ctx.db, params.id);
      if (!row) throw new AppError('not_found', `no attention item ${params.id}`);
      if (row.resolved_at) throw new AppError('conflict', `attention item ${params.id} was resolved at ${row.resolved_at.toISOString()}`);
      // Written before the workflow runs the step: a failure of the retry clears it again.
      await markRetryRequested(ctx.db, row.id, ctx.clock.now(), person.id);
      // An email the outbox sender could not send waits in the outbox, not in its workflow: it is tried at once.
      if ((await retryEmailNow(ctx.db, row.id, ctx.clock.now())) > 0) return { status: 202, body: await attentionItem(ctx.db, row.id) };
      try {
        await runCommand(ctx.temporal.workflow.getHandle(row.workflow_id), retryAttentionUpdate, actorOf(person), { attentionId: row.id });
      } catch (error) {
        await clearRetryRequest(ctx.db, row.id);
        throw error;
      }
      return { status: 202, body: await attentionItem(ctx.db, row.id) };
    },
  }),
];

async function attentionItem(db: Db, id: string) {
  const [item] = (await listAttentionItems(db, { includeResolved: true })).filter((i) => i.id === id);
  return item!;
}
