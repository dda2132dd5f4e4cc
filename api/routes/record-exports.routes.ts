import { findAimsById } from '../../db/repositories/aims.repository';
import { findPersonNames } from '../../db/repositories/people.repository';
import { AppError } from '../../domain/app-error';
import { coverageMatrix, findAuditDetail } from '../../services/audit-queries';
import { auditReportPdf } from '../../services/exports/audit-report-pdf';
import { coverageXlsx } from '../../services/exports/coverage-xlsx';
import { reviewMinutesPdf, reviewPackPdf } from '../../services/exports/review-pdf';
import { soaPdf, soaXlsx } from '../../services/exports/soa-export';
import { compileReviewPack } from '../../services/review-pack';
import { findReviewDetail } from '../../services/review-queries';
import { listSoa } from '../../services/soa-queries';
import type { ApiContext } from '../api-context';
import { recordFiles } from '../record-file-routes';

// One record's files sit next to its JSON read, as `<read path>.<format>` (GET /aims/{id}/soa →
// /aims/{id}/soa.pdf), scoped and authorised like that read; lists' files are under /exports/.

async function aimsNameOr404(ctx: ApiContext, aimsId: string): Promise<string> {
  const aims = await findAimsById(ctx.db, aimsId);
  if (!aims) throw new AppError('not_found', `no AIMS ${aimsId}`);
  return aims.name;
}

async function namesOf(ctx: ApiContext, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  return new Map((wanted.length ? await findPersonNames(ctx.db, wanted) : []).map((p) => [p.id, p.name]));
}

const soa = recordFiles({
  read: '/aims/:id/soa',
  item: 'aims',
  missing: 'no such AIMS',
  load: async (ctx, id) => ({ aimsName: await aimsNameOr404(ctx, id), entries: (await listSoa(ctx.db, id)) ?? [] }),
  filename: () => 'soa',
});

const coverage = recordFiles({
  read: '/aims/:id/coverage',
  item: 'aims',
  missing: 'no such AIMS',
  load: async (ctx, id) => {
    await aimsNameOr404(ctx, id);
    return coverageMatrix(ctx.db, id);
  },
  filename: () => 'coverage',
});

const auditReport = recordFiles({
  read: '/audits/:id/report',
  item: 'audit',
  missing: 'no such audit',
  load: async (ctx, id, now) => {
    const audit = await findAuditDetail(ctx.db, now, id);
    if (!audit) throw new AppError('not_found', `no audit ${id}`);
    return { audit, names: await namesOf(ctx, [audit.leadAuditorId, ...audit.auditeeIds]), aimsName: await aimsNameOr404(ctx, audit.aimsId) };
  },
  filename: ({ audit }) => audit.reference,
});

const reviewPack = recordFiles({
  read: '/reviews/:id/pack',
  item: 'review',
  missing: 'no such review',
  load: async (ctx, id, now) => {
    const pack = await compileReviewPack(ctx.db, id, now);
    const review = await findReviewDetail(ctx.db, now, id);
    if (!pack || !review) throw new AppError('not_found', `no review ${id}`);
    return { pack, aimsName: await aimsNameOr404(ctx, review.aimsId) };
  },
  filename: ({ pack }) => `${pack.reference}-pack`,
});

const reviewMinutes = recordFiles({
  read: '/reviews/:id/minutes',
  item: 'review',
  missing: 'no such review',
  load: async (ctx, id, now) => {
    const review = await findReviewDetail(ctx.db, now, id);
    if (!review) throw new AppError('not_found', `no review ${id}`);
    return { review, names: await namesOf(ctx, [review.chairId, ...review.attendeeIds]), aimsName: await aimsNameOr404(ctx, review.aimsId) };
  },
  filename: ({ review }) => `${review.reference}-minutes`,
});

export const recordExportRoutes = [
  soa.file('pdf', 'The Statement of Applicability as PDF', (r, now) => soaPdf(r.entries, r.aimsName, now)),
  soa.file('xlsx', 'The Statement of Applicability as XLSX (applicability as booleans, dates as date cells)', (r, now) => soaXlsx(r.entries, now)),
  coverage.file('xlsx', 'The coverage matrix as XLSX (dates as date cells)', (items, now) => coverageXlsx(items, now)),
  auditReport.file('pdf', "One internal audit's report as PDF: dates, team, scope, results and summary", (r, now) =>
    auditReportPdf(r.audit, r.names, r.aimsName, now),
  ),
  reviewPack.file('pdf', 'The management review pack as PDF, compiled from the record now (the figures of GET /reviews/{id}/pack)', (r, now) =>
    reviewPackPdf(r.pack, r.aimsName, now),
  ),
  reviewMinutes.file('pdf', "A management review's minutes and decisions as PDF", (r, now) => reviewMinutesPdf(r.review, r.names, r.aimsName, now)),
];
