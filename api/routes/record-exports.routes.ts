import { z } from 'zod';
import { findAimsById } from '../../db/repositories/aims.repository';
import { findPersonNames } from '../../db/repositories/people.repository';
import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { coverageMatrix, findAuditDetail } from '../../services/audit-queries';
import { auditReportPdf } from '../../services/exports/audit-report-pdf';
import { coverageXlsx } from '../../services/exports/coverage-xlsx';
import { reviewMinutesPdf, reviewPackPdf } from '../../services/exports/review-pdf';
import { soaPdf, soaXlsx } from '../../services/exports/soa-export';
import { compileReviewPack } from '../../services/review-pack';
import { findReviewDetail } from '../../services/review-queries';
import { listSoa } from '../../services/soa-queries';
import type { ApiContext } from '../api-context';
import { defineRoute, uuidParam } from '../route';

// One record's files sit next to its JSON read, as `<read path>.<format>` (GET /aims/{id}/soa →
// /aims/{id}/soa.pdf), scoped and authorised like that read; lists' files are under /exports/.

const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const binary = (description: string, contentType: string) => ({ status: 200, description, schema: z.string().meta({ format: 'binary' }), contentType });

async function aimsNameOr404(ctx: ApiContext, aimsId: string): Promise<string> {
  const aims = await findAimsById(ctx.db, aimsId);
  if (!aims) throw new AppError('not_found', `no AIMS ${aimsId}`);
  return aims.name;
}

async function namesOf(ctx: ApiContext, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  return new Map((wanted.length ? await findPersonNames(ctx.db, wanted) : []).map((p) => [p.id, p.name]));
}

export const recordExportRoutes = [
  defineRoute({
    method: 'get',
    path: '/aims/:id/soa.pdf',
    summary: 'The Statement of Applicability as PDF',
    tag: 'exports',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: binary('a PDF', PDF),
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, res }, ctx) => {
      const name = await aimsNameOr404(ctx, params.id);
      const entries = (await listSoa(ctx.db, params.id)) ?? [];
      res.attachment('soa.pdf');
      res
        .status(200)
        .type(PDF)
        .send(await soaPdf(entries, name, ctx.clock.now()));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/soa.xlsx',
    summary: 'The Statement of Applicability as XLSX (applicability as booleans, dates as date cells)',
    tag: 'exports',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: binary('an XLSX workbook', XLSX),
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, res }, ctx) => {
      await aimsNameOr404(ctx, params.id);
      const entries = (await listSoa(ctx.db, params.id)) ?? [];
      res.attachment('soa.xlsx');
      res
        .status(200)
        .type(XLSX)
        .send(await soaXlsx(entries, ctx.clock.now()));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/coverage.xlsx',
    summary: 'The coverage matrix as XLSX (dates as date cells)',
    tag: 'exports',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: binary('an XLSX workbook', XLSX),
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, res }, ctx) => {
      await aimsNameOr404(ctx, params.id);
      res.attachment('coverage.xlsx');
      res
        .status(200)
        .type(XLSX)
        .send(await coverageXlsx(await coverageMatrix(ctx.db, params.id), ctx.clock.now()));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/audits/:id/report.pdf',
    summary: "One internal audit's report as PDF: dates, team, scope, results and summary",
    tag: 'exports',
    access: ROLES,
    scope: { item: 'audit' },
    params: uuidParam,
    response: binary('a PDF', PDF),
    failures: { 404: 'no such audit' },
    handler: async ({ params, res }, ctx) => {
      const now = ctx.clock.now();
      const audit = await findAuditDetail(ctx.db, now, params.id);
      if (!audit) throw new AppError('not_found', `no audit ${params.id}`);
      const names = await namesOf(ctx, [audit.leadAuditorId, ...audit.auditeeIds]);
      res.attachment(`${audit.reference}.pdf`);
      res
        .status(200)
        .type(PDF)
        .send(await auditReportPdf(audit, names, await aimsNameOr404(ctx, audit.aimsId), now));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reviews/:id/pack.pdf',
    summary: 'The management review pack as PDF, compiled from the record now (the figures of GET /reviews/{id}/pack)',
    tag: 'exports',
    access: ROLES,
    scope: { item: 'review' },
    params: uuidParam,
    response: binary('a PDF', PDF),
    failures: { 404: 'no such review' },
    handler: async ({ params, res }, ctx) => {
      const now = ctx.clock.now();
      const pack = await compileReviewPack(ctx.db, params.id, now);
      const review = await findReviewDetail(ctx.db, now, params.id);
      if (!pack || !review) throw new AppError('not_found', `no review ${params.id}`);
      res.attachment(`${pack.reference}-pack.pdf`);
      res
        .status(200)
        .type(PDF)
        .send(await reviewPackPdf(pack, await aimsNameOr404(ctx, review.aimsId), now));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/reviews/:id/minutes.pdf',
    summary: "A management review's minutes and decisions as PDF",
    tag: 'exports',
    access: ROLES,
    scope: { item: 'review' },
    params: uuidParam,
    response: binary('a PDF', PDF),
    failures: { 404: 'no such review' },
    handler: async ({ params, res }, ctx) => {
      const now = ctx.clock.now();
      const review = await findReviewDetail(ctx.db, now, params.id);
      if (!review) throw new AppError('not_found', `no review ${params.id}`);
      const names = await namesOf(ctx, [review.chairId, ...review.attendeeIds]);
      res.attachment(`${review.reference}-minutes.pdf`);
      res
        .status(200)
        .type(PDF)
        .send(await reviewMinutesPdf(review, names, await aimsNameOr404(ctx, review.aimsId), now));
    },
  }),
];
