import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { findAimsById } from '../../db/repositories/aims.repository';
import {
  findEvidencePackage,
  insertEvidencePackage,
  listEvidencePackages,
  readEvidencePackageContent,
} from '../../db/repositories/evidence-package.repository';
import { localDateOf } from '../../calendar/local-time';
import { AppError } from '../../domain/app-error';
import { evidencePackageWorkflowId } from '../../domain/evidence-package';
import { OVERSIGHT_ROLES } from '../../domain/roles';
import { organisationIndex } from '../../domain/search-attributes';
import type { ApiContext } from '../api-context';
import { defineRoute, uuidParam } from '../route';
import { evidencePackageSchema, newEvidencePackageSchema, toEvidencePackageDto } from '../schemas/evidence-package.schema';

const packageParams = z.object({ id: z.uuid(), packageId: z.uuid() });

async function aimsOr404(ctx: ApiContext, aimsId: string) {
  const aims = await findAimsById(ctx.db, aimsId);
  if (!aims) throw new AppError('not_found', `no AIMS ${aimsId}`);
  return aims;
}

async function packageOr404(ctx: ApiContext, aimsId: string, packageId: string) {
  const found = await findEvidencePackage(ctx.db, aimsId, packageId);
  if (!found) throw new AppError('not_found', `no evidence package ${packageId}`);
  return found;
}

/** The same day a year before a calendar date (29 February gives 28 February). */
function yearBefore(date: string): string {
  const back = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
  return back.endsWith('-02-29') ? back.replace(/-29$/, '-28') : back;
}

export const evidencePackageRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/evidence-packages',
    summary: 'Build an audit evidence package frozen as of an instant (programme manager): answers at once; the build runs as a workflow',
    tag: 'certification',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: newEvidencePackageSchema,
    response: { status: 202, description: 'the package, building; poll its status', schema: evidencePackageSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, body, person }, ctx) => {
      const aims = await aimsOr404(ctx, params.id);
      const now = ctx.clock.now();
      const asOf = body.asOf ? new Date(body.asOf) : now;
      if (asOf > now)
        throw new AppError('validation_failed', 'the as-of instant is in the future', [{ field: 'body.asOf', reason: 'must not be in the future' }]);
      const asOfDate = localDateOf(asOf, aims.time_zone);
      const periodStart = body.periodStart ?? yearBefore(asOfDate);
      if (periodStart > asOfDate) {
        throw new AppError('validation_failed', 'the period starts after the as-of date', [
          { field: 'body.periodStart', reason: `must be on or before ${asOfDate}` },
        ]);
      }
      const id = randomUUID();
      await insertEvidencePackage(ctx.db, {
        id,
        aims_id: params.id,
        kind: body.kind,
        as_of: asOf,
        period_start: periodStart,
        status: 'building',
        requested_by: person.id,
        requested_at: now,
      });
      await ctx.temporal.workflow.start('evidencePackageWorkflow', {
        ...organisationIndex(ctx.organisationId, ctx.config.temporal.searchAttributes),
        taskQueue: ctx.config.temporal.taskQueue,
        workflowId: evidencePackageWorkflowId(id),
        args: [{ packageId: id }],
      });
      return { status: 202, body: toEvidencePackageDto((await packageOr404(ctx, params.id, id))!) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/evidence-packages',
    summary: "The AIMS's audit evidence packages, newest first",
    tag: 'certification',
    access: OVERSIGHT_ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the packages', schema: z.object({ items: z.array(evidencePackageSchema) }) },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      await aimsOr404(ctx, params.id);
      return { body: { items: (await listEvidencePackages(ctx.db, params.id)).map(toEvidencePackageDto) } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/evidence-packages/:packageId',
    summary: "One package's build status: building (files done of total), built (its sha256) or failed (why)",
    tag: 'certification',
    access: OVERSIGHT_ROLES,
    scope: { item: 'aims' },
    params: packageParams,
    response: { status: 200, description: 'the package', schema: evidencePackageSchema },
    failures: { 404: 'no such AIMS or package' },
    handler: async ({ params }, ctx) => ({ body: toEvidencePackageDto(await packageOr404(ctx, params.id, params.packageId)) }),
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/evidence-packages/:packageId/package.zip',
    summary: 'The built package: a ZIP with manifest.json (every file with its sha256 and what it is)',
    tag: 'certification',
    access: OVERSIGHT_ROLES,
    scope: { item: 'aims' },
    params: packageParams,
    response: { status: 200, description: 'the ZIP', schema: z.string().meta({ format: 'binary' }), contentType: 'application/zip' },
    failures: { 404: 'no such AIMS or package', 409: 'the package is not built (yet)' },
    handler: async ({ params, res }, ctx) => {
      const found = await packageOr404(ctx, params.id, params.packageId);
      const content = await readEvidencePackageContent(ctx.db, params.id, params.packageId);
      if (!content) throw new AppError('conflict', `evidence package ${params.packageId} is ${found.status}, not built`);
      res.attachment(`evidence-package-${found.kind}-${found.as_of.toISOString().slice(0, 10)}.zip`);
      res.set('repr-digest', `sha-256=:${Buffer.from(found.sha256!, 'hex').toString('base64')}:`);
      res.status(200).type('application/zip').send(content);
    },
  }),
];
