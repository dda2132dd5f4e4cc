import { z } from 'zod';
import { ROLES } from '../../domain/roles';
import { registerCsv } from '../../services/exports/nc-register-csv';
import { loadRegisterRows } from '../../services/exports/nc-register-rows';
import { registerXlsx } from '../../services/exports/nc-register-xlsx';
import { defineRoute } from '../route';
import { caseListQuery } from '../schemas/case.schema';

// Exports are files under /exports/<what>.<format>, taking the same query as the read they
// export (without its paging: a file holds every row the filters find).

const registerQuery = caseListQuery.omit({ limit: true, offset: true });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const exportRoutes = [
  defineRoute({
    method: 'get',
    path: '/exports/nc-register.csv',
    summary: 'The nonconformity register as CSV: every case the filters of GET /cases find, in its order',
    tag: 'exports',
    access: ROLES,
    query: registerQuery,
    response: { status: 200, description: 'CSV with a header line', schema: z.string(), contentType: 'text/csv; charset=utf-8' },
    handler: async ({ query, person, res }, ctx) => {
      const rows = await loadRegisterRows(ctx.db, ctx.clock.now(), person.id, query);
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
    query: registerQuery,
    response: { status: 200, description: 'an XLSX workbook', schema: z.string().meta({ format: 'binary' }), contentType: XLSX },
    handler: async ({ query, person, res }, ctx) => {
      const now = ctx.clock.now();
      const rows = await loadRegisterRows(ctx.db, now, person.id, query);
      res.attachment('nc-register.xlsx');
      res
        .status(200)
        .type(XLSX)
        .send(await registerXlsx(rows, now));
    },
  }),
];
