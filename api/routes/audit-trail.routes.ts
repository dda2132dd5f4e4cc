import { z } from 'zod';
import { findAimsById } from '../../db/repositories/aims.repository';
import { AppError } from '../../domain/app-error';
import { OVERSIGHT_ROLES } from '../../domain/roles';
import { allTrailEntries, trailPage } from '../../services/audit-trail-queries';
import { verifyTrailChain } from '../../services/audit-trail-verification';
import { trailCsv } from '../../services/exports/audit-trail-csv';
import type { ApiContext } from '../api-context';
import { defineRoute, uuidParam } from '../route';
import { trailEntrySchema, trailVerificationSchema } from '../schemas/audit-trail.schema';
import { instant, ref } from '../schemas/fields';

/** By item (its own entries and its tasks'), by person (who acted) and by period (from inclusive, to exclusive). */
const trailFilterQuery = z
  .object({
    itemId: z.uuid({ error: 'must be the id of an item' }).optional().describe('an item: its own entries and those of its tasks'),
    actorId: ref('a person').optional().describe('entries made by this person'),
    from: instant.optional().describe('entries at or after this instant'),
    to: instant.optional().describe('entries before this instant'),
  })
  .strict();
const trailPageQuery = trailFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

function filterOf(query: z.infer<typeof trailFilterQuery>) {
  return { itemId: query.itemId, actorId: query.actorId, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined };
}

async function aimsOr404(ctx: ApiContext, aimsId: string) {
  if (!(await findAimsById(ctx.db, aimsId))) throw new AppError('not_found', `no AIMS ${aimsId}`);
}

export const auditTrailRoutes = [
  defineRoute({
    method: 'get',
    path: '/aims/:id/audit-trail/verification',
    summary: "Verify the AIMS's audit-trail hash chain; names the first entry that does not verify",
    tag: 'aims',
    access: ['programme_manager', 'management'],
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the verification, intact or naming the first broken entry', schema: trailVerificationSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      await aimsOr404(ctx, params.id);
      const { entries, intact, firstBroken, head } = await verifyTrailChain(ctx.db, params.id);
      return { body: { aimsId: params.id, entries, intact, firstBroken, head } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/audit-trail',
    summary: "The AIMS's audit trail in chain order, by item, person or period (programme managers and management)",
    tag: 'aims',
    access: OVERSIGHT_ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    query: trailPageQuery,
    response: { status: 200, description: 'a page of entries', schema: z.object({ items: z.array(trailEntrySchema), total: z.number().int() }) },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, query }, ctx) => {
      await aimsOr404(ctx, params.id);
      return { body: await trailPage(ctx.db, params.id, filterOf(query), { limit: query.limit, offset: query.offset }) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/audit-trail.csv',
    summary: 'The audit trail as CSV: every entry the filters of GET /aims/{id}/audit-trail find, in chain order',
    tag: 'exports',
    access: OVERSIGHT_ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    query: trailFilterQuery,
    response: { status: 200, description: 'CSV with a header line', schema: z.string(), contentType: 'text/csv; charset=utf-8' },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, query, res }, ctx) => {
      await aimsOr404(ctx, params.id);
      res.attachment('audit-trail.csv');
      return { body: trailCsv(await allTrailEntries(ctx.db, params.id, filterOf(query))) };
    },
  }),
];
