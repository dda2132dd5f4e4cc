import type { Request, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { callApi, signedIn } from '../page-kit';

/** The query values a link carries, as the API's route reads them (empty values mean "no filter"). */
function filled(query: Request['query']): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

// One record's files, offered on its page as /ui/<the API's path>: each runs the API's own route
// as the signed-in person, so a page can offer only what the API would give them.
const FILE_ROUTES = [
  '/aims/:id/soa.pdf',
  '/aims/:id/soa.xlsx',
  '/aims/:id/coverage.xlsx',
  '/aims/:id/audit-trail.csv',
  '/audits/:id/report.pdf',
  '/reviews/:id/pack.pdf',
  '/reviews/:id/minutes.pdf',
] as const;

export function mountRecordExportPages(router: Router, ctx: ApiContext): void {
  for (const path of FILE_ROUTES) {
    router.get(
      path,
      signedIn(ctx, async (req, res, person) => {
        const answer = await callApi(ctx, { method: 'get', path, params: { id: String(req.params.id) }, query: filled(req.query) }, person, req, res);
        // The binary files are sent by their route; the CSV comes back as text.
        if (!res.headersSent) res.type('text/csv; charset=utf-8').send(answer);
      }),
    );
  }
}
