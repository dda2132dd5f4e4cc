import { z } from 'zod';
import { findAimsById } from '../../db/repositories/aims.repository';
import { OVERSIGHT_ROLES, ROLES } from '../../domain/roles';
import { loadOverdueReport, overdueCsv, overduePdf } from '../../services/exports/overdue-report';
import type { ApiContext } from '../api-context';
import { overdueExportQuery } from '../schemas/overdue.schema';
import { aimsZoneOr422 } from './overdue.routes';
import { registerCsv } from '../../services/exports/nc-register-csv';
import { loadRegisterRows } from '../../services/exports/nc-register-rows';
import { registerXlsx } from '../../services/exports/nc-register-xlsx';
import { defineRoute } from '../route';
import { caseListQuery } from '../schemas/case.schema';

// Exports are files under /exports/<what>.<format>, taking the same query as the read they
// export (without its paging: a file holds every row the filters find).

const registerQuery = caseListQuery.omit({ limit: true, offset: true });
const overdueQuery = overdueExportQuery;
const PDF = 'application/pdf';

/** The overdue view as GET /overdue answers it, every task of every group. */
async function overdueReport(ctx: ApiContext, query: z.infer<typeof overdueQuery>, aimsIds: readonly string[]) {
  await aimsZoneOr422(ctx, query.aimsId, aimsIds);
  const { groupBy, ...filter } = query;
  const now = ctx.clock.now();
  // One snapshot for every page and the figures, so the file agrees with itself under concurrent changes.
  const report = await ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => loadOverdueReport(trx, now, { ...filter, aimsIds }, groupBy));
  const aimsName = query.aimsId ? ((await findAimsById(ctx.db, query.aimsId))?.name ?? query.aimsId) : 'All AIMS';
  return { report, aimsName };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const exportRoutes = [
  defineRoute({
    method: 'get',
    path: '/exports/nc-register.csv',
    summary: 'The nonconformity register as CSV: every case the filters of GET /cases find, in its order',
    tag: 'exports',
    access: ROLES,
    scope: 'list',
    query: registerQuery,
    response: { status: 200, description: 'CSV with a header line', schema: z.string(), contentType: 'text/csv; charset=utf-8' },
    handler: async ({ query, person, aimsIds, res }, ctx) => {
      const rows = await loadRegisterRows(ctx.db, ctx.clock.now(), person.id, { ...query, aimsIds });
      res.attachment('nc-register.csv');
      return { body: registerCsv(rows) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/exports/nc-register.xlsx',
    summary: 'The nonconformity register as XLSX (dates as date cells): every case the filters of GET /cases find, in its order',
    tag: 'exports',
    access: ROLES,
    scope: 'list',
    query: registerQuery,
    response: { status: 200, description: 'an XLSX workbook', schema: z.string().meta({ format: 'binary' }), contentType: XLSX },
    handler: async ({ query, person, aimsIds, res }, ctx) => {
      const now = ctx.clock.now();
      const rows = await loadRegisterRows(ctx.db, now, person.id, { ...query, aimsIds });
      res.attachment('nc-register.xlsx');
      res
        .status(200)
        .type(XLSX)
        .send(await registerXlsx(rows, now));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/exports/overdue.csv',
    summary: 'The overdue report as CSV: one line per overdue task, with the filters and grouping of GET /overdue (programme managers and management)',
    tag: 'exports',
    access: OVERSIGHT_ROLES,
    scope: 'list',
    query: overdueQuery,
    response: { status: 200, description: 'CSV with a header line', schema: z.string(), contentType: 'text/csv; charset=utf-8' },
    handler: async ({ query, aimsIds, res }, ctx) => {
      const { report } = await overdueReport(ctx, query, aimsIds);
      res.attachment('overdue.csv');
      return { body: overdueCsv(report) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/exports/overdue.pdf',
    summary: 'The overdue report as PDF: figures, then each group with its tasks (programme managers and management)',
    tag: 'exports',
    access: OVERSIGHT_ROLES,
    scope: 'list',
    query: overdueQuery,
    response: { status: 200, description: 'a PDF', schema: z.string().meta({ format: 'binary' }), contentType: PDF },
    handler: async ({ query, aimsIds, res }, ctx) => {
      const { report, aimsName } = await overdueReport(ctx, query, aimsIds);
      res.attachment('overdue.pdf');
      res
        .status(200)
        .type(PDF)
        .send(await overduePdf(report, aimsName));
    },
  }),
];
