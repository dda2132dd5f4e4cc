import type { Request } from 'express';
import type { Person } from '../db/tables/people.table';
import { recordExternalRead } from '../services/external-auditor-trail';
import type { ApiContext } from './api-context';
import type { RouteDefinition } from './route';

/**
 * Requests whose external auditor read is recorded already: a page calls several routes for one
 * view, and the trail holds one entry per request (the page's), not one per call.
 */
const recorded = new WeakSet<Request>();

/**
 * Records an external auditor's read before it is served: one trail entry per request and AIMS
 * read, naming the route (or the page), the item and the time. A route answering a file (an
 * export, an evidence file, a pack) is a download.
 */
export async function recordExternalAuditorRead(
  ctx: ApiContext,
  route: RouteDefinition,
  raw: { person: Person | undefined; req: Request },
  params: Record<string, unknown>,
  reads: readonly { aimsId: string; grantId: string }[],
): Promise<void> {
  if (!raw.person || recorded.has(raw.req)) return;
  recorded.add(raw.req);
  const page = raw.req.originalUrl.startsWith('/ui/');
  const scope = route.scope;
  const item = typeof scope === 'object' && 'item' in scope ? { type: scope.item, id: String(params[scope.param ?? 'id']) } : undefined;
  const file = route.response.contentType !== undefined && route.response.contentType !== 'application/json';
  for (const read of reads) {
    await recordExternalRead(ctx.db, {
      person: raw.person,
      aimsId: read.aimsId,
      grantId: read.grantId,
      route: page ? `${raw.req.method} ${raw.req.originalUrl.split('?')[0]}` : `${route.method.toUpperCase()} ${route.path}`,
      path: raw.req.originalUrl,
      itemType: item?.type ?? 'aims',
      itemId: item?.id ?? read.aimsId,
      download: file,
      at: ctx.clock.now(),
    });
  }
}
