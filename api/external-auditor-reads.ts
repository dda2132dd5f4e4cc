import { AppError } from '../domain/app-error';
import type { RouteDefinition } from './route';

/**
 * Reads that stay the organisation's own even for the AIMS an external auditor is granted: the
 * attention list (the engine's operations), the overdue views and their exports (management's
 * chase lists, which name people's departments) and the grants themselves. Everything else an auditor reads names people by
 * name and role only: no answer but the people routes carries an email (checked for every route
 * by `test/access/external-auditor.test.ts`).
 */
const KEPT_FROM_EXTERNAL_AUDITORS: ReadonlySet<string> = new Set([
  '/attention',
  '/overdue',
  '/overdue/trend',
  '/exports/overdue.csv',
  '/exports/overdue.pdf',
  // Who else was granted access, and when: the programme manager's administration.
  '/aims/:id/external-auditors',
]);

/**
 * Whether an external auditor (issue #14) may call a route on the AIMS of their grant: the reads
 * placed on an AIMS or one of its items, and the lists (narrowed to that AIMS), except those
 * above. Never a command, nor a route about people, tokens, feeds or organisations. Decided here
 * from the route's own declaration, so a read added later is in reach by the same rule (and in the
 * test matrix by being in the route table).
 */
export function externalAuditorReads(route: RouteDefinition): boolean {
  if (route.method !== 'get' || route.access === 'public') return false;
  const onAims = route.scope === 'list' || (typeof route.scope === 'object' && 'item' in route.scope);
  return onAims && !KEPT_FROM_EXTERNAL_AUDITORS.has(route.path);
}

/** Query fields that select by a person's details rather than their name or role. */
const PEOPLE_DETAIL_FILTERS = ['department'] as const;

/**
 * An external auditor sees people by name and role only, so a read placed through their grant may
 * not filter by a person's department either (the answer would tell who belongs where): 403
 * naming the field, before anything is read or recorded.
 */
export function refusePeopleDetailFilters(query: unknown): void {
  const given = (query ?? {}) as Record<string, unknown>;
  for (const field of PEOPLE_DETAIL_FILTERS) {
    if (given[field] === undefined) continue;
    const reason = 'external auditors see people by name and role only; filtering by a department is not open to them';
    throw new AppError('forbidden', `query.${field}: ${reason}`, [{ field: `query.${field}`, reason }]);
  }
}
