import { z } from 'zod';
import { findAuditWorkflowId } from '../../db/repositories/audit.repository';
import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { coverageMatrix, findAuditDetail, listAudits } from '../../services/audit-queries';
import * as def from '../../workflows/audits/audit.definitions';
import type { ApiContext } from '../api-context';
import { commandRoutes } from '../command-route';
import { assertActivePeople } from '../edge-checks';
import { defineRoute, uuidParam } from '../route';
import { auditDetailSchema, auditSummarySchema, coverageItemSchema, reportBody, resultsBody, teamBody } from '../schemas/audit.schema';
import { ref } from '../schemas/fields';

async function detailOr404(ctx: ApiContext, auditId: string) {
  const audit = await findAuditDetail(ctx.db, ctx.clock.now(), auditId);
  if (!audit) throw new AppError('not_found', `no audit ${auditId}`);
  return audit;
}

async function workflowOf(ctx: ApiContext, auditId: string) {
  const workflowId = await findAuditWorkflowId(ctx.db, auditId);
  if (!workflowId) throw new AppError('not_found', `no audit ${auditId}`);
  return workflowId;
}

/** An audit command: edge checks first, then the audit's workflow (404 if none), the update, the audit as it now is. */
const auditCommand = commandRoutes({
  path: '/audits/:id',
  tag: 'audits',
  access: ROLES,
  scope: { item: 'audit' },
  params: uuidParam,
  response: { description: 'the audit after the command', schema: auditDetailSchema },
  failures: { 403: 'not the lead auditor or a programme manager', 404: 'no such audit', 409: 'not at the stage this command needs' },
  workflowId: workflowOf,
  answer: detailOr404,
});

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/audits',
    summary: 'Internal audits, by fieldwork date',
    tag: 'audits',
    access: ROLES,
    scope: 'list',
    query: z.object({ aimsId: ref('an AIMS').optional() }).strict(),
    response: { status: 200, description: 'audits', schema: z.object({ items: z.array(auditSummarySchema) }) },
    handler: async ({ query, aimsIds }, ctx) => ({ body: { items: await listAudits(ctx.db, query.aimsId, aimsIds) } }),
  }),
  defineRoute({
    method: 'get',
    path: '/audits/:id',
    summary: 'One audit with its scope, results, tasks and timeline',
    tag: 'audits',
    access: ROLES,
    scope: { item: 'audit' },
    params: uuidParam,
    response: { status: 200, description: 'the audit', schema: auditDetailSchema },
    failures: { 404: 'no such audit' },
    handler: async ({ params }, ctx) => ({ body: await detailOr404(ctx, params.id) }),
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/coverage',
    summary: 'Coverage matrix: each clause and control, when it was last audited, its result, the next audit planned for it',
    tag: 'audit programme',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the matrix', schema: z.object({ items: z.array(coverageItemSchema) }) },
    handler: async ({ params }, ctx) => ({ body: { items: await coverageMatrix(ctx.db, params.id) } }),
  }),
  auditCommand({
    path: 'team',
    summary: 'Name the lead auditor (independent of the audited departments) and the auditees, who are notified',
    body: teamBody,
    update: def.assignAuditTeamUpdate,
    check: (ctx, { body }) =>
      assertActivePeople(ctx, [
        { field: 'body.leadAuditorId', id: body.leadAuditorId },
        ...body.auditeeIds.map((a, i) => ({ field: `body.auditeeIds.${i}`, id: a })),
      ]),
  }),
  auditCommand({
    path: 'results',
    summary: 'Record checklist results with evidence (a nonconformity names the owner of its corrective action)',
    body: resultsBody,
    update: def.recordResultsUpdate,
    check: (ctx, { body }) =>
      assertActivePeople(
        ctx,
        body.results.flatMap((r, i) => (r.ownerId ? [{ field: `body.results.${i}.ownerId`, id: r.ownerId }] : [])),
      ),
  }),
  auditCommand({
    path: 'fieldwork-completion',
    summary: 'Close fieldwork: every scope item has a result; each nonconformity opens a corrective-action case',
    body: z.object({}).strict(),
    update: def.completeFieldworkUpdate,
  }),
  auditCommand({
    path: 'report',
    summary: 'Submit the audit report; it goes to management by email',
    body: reportBody,
    update: def.submitReportUpdate,
  }),
];
