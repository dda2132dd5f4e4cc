import { organisationIndex } from '../../domain/search-attributes';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { supplierWorkflowId } from '../../domain/supplier';
import { findAimsSettings } from '../../services/aims-settings';
import { findSupplierDetail, findSupplierForCommand, listSuppliers } from '../../services/supplier-queries';
import * as def from '../../workflows/suppliers/supplier.definitions';
import { actorOf } from '../actor';
import type { ApiContext } from '../api-context';
import { commandRoutes } from '../command-route';
import { assertActivePeople, assertAiSystemsOfAims, assertNotPast } from '../edge-checks';
import { defineRoute, uuidParam } from '../route';
import {
  newSupplierBody,
  retireSupplierBody,
  supplierDetailSchema,
  supplierReviewBody,
  supplierSummarySchema,
  updateSupplierBody,
} from '../schemas/supplier.schema';

async function detail(ctx: ApiContext, supplierId: string) {
  const found = await findSupplierDetail(ctx.db, ctx.clock.now(), supplierId);
  if (!found) throw new AppError('not_found', `no supplier ${supplierId}`);
  return found;
}

/** A retired supplier's workflow has ended: every command on it is refused here, with that reason. */
async function activeSupplierOr4xx(ctx: ApiContext, supplierId: string) {
  const found = await findSupplierForCommand(ctx.db, supplierId);
  if (!found) throw new AppError('not_found', `no supplier ${supplierId}`);
  if (found.status === 'retired') throw new AppError('conflict', `the supplier ${supplierId} is retired: its reviews are kept, nothing changes any more`);
  return found;
}

const systems = (ids: string[] | undefined) => (ids ?? []).map((id, i) => ({ field: `body.aiSystemIds.${i}`, id }));

const supplierCommand = commandRoutes({
  path: '/suppliers/:id',
  tag: 'suppliers',
  access: ROLES,
  scope: { item: 'supplier' },
  params: uuidParam,
  response: { description: 'the supplier after the change', schema: supplierDetailSchema },
  failures: { 403: "the caller is not the supplier's owner or a programme manager", 404: 'no such supplier', 409: 'the supplier is retired' },
  find: activeSupplierOr4xx,
  workflowId: (_ctx, _id, found) => found.workflowId,
  answer: detail,
});

export const supplierRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/suppliers',
    summary: 'Register an AI-related supplier: starts its review cycle (interval by criticality)',
    tag: 'suppliers',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: newSupplierBody,
    response: { status: 201, description: 'registered', schema: supplierDetailSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, body, person }, ctx) => {
      const settings = await findAimsSettings(ctx.db, params.id);
      if (!settings) throw new AppError('not_found', `no AIMS ${params.id}`);
      await assertActivePeople(ctx, [{ field: 'body.ownerId', id: body.ownerId }]);
      await assertAiSystemsOfAims(ctx.db, params.id, systems(body.aiSystemIds));
      if (body.firstReviewDue) assertNotPast(settings, ctx.clock.now(), [{ field: 'body.firstReviewDue', date: body.firstReviewDue }]);
      const { firstReviewDue, ...facts } = body;
      const id = randomUUID();
      const handle = await ctx.temporal.workflow.start('supplierWorkflow', {
        ...organisationIndex(ctx.organisationId, ctx.config.temporal.searchAttributes),
        taskQueue: ctx.config.temporal.taskQueue,
        workflowId: supplierWorkflowId(id),
        args: [{ kind: 'new', supplier: { id, aimsId: params.id, facts, firstReviewDue }, actor: actorOf(person) } satisfies def.SupplierInput],
      });
      await handle.executeUpdate(def.supplierRecordedUpdate);
      return { status: 201, body: await detail(ctx, id) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/suppliers',
    summary: 'The supplier register of an AIMS, by name',
    tag: 'suppliers',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the register', schema: z.object({ items: z.array(supplierSummarySchema) }) },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      const items = await listSuppliers(ctx.db, params.id);
      if (!items) throw new AppError('not_found', `no AIMS ${params.id}`);
      return { body: { items } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/suppliers/:id',
    summary: 'One supplier: facts, reviews, tasks, timeline',
    tag: 'suppliers',
    access: ROLES,
    scope: { item: 'supplier' },
    params: uuidParam,
    response: { status: 200, description: 'the supplier', schema: supplierDetailSchema },
    failures: { 404: 'no such supplier' },
    handler: async ({ params }, ctx) => ({ body: await detail(ctx, params.id) }),
  }),
  supplierCommand({
    path: 'update',
    summary: 'Change register facts (criticality moves a review not yet opened; dependent AI systems)',
    body: updateSupplierBody,
    update: def.updateSupplierUpdate,
    check: async (ctx, { body, found }) => {
      await assertActivePeople(ctx, body.ownerId ? [{ field: 'body.ownerId', id: body.ownerId }] : []);
      await assertAiSystemsOfAims(ctx.db, found.aimsId, systems(body.aiSystemIds));
    },
  }),
  supplierCommand({
    path: 'reviews',
    summary: 'Record a review (pass, conditional, fail): a failed one raises a nonconformity; the next counts from today',
    body: supplierReviewBody,
    update: def.recordSupplierReviewUpdate,
  }),
  supplierCommand({
    path: 'retire',
    summary: 'Retire the supplier: its open tasks are cancelled and its review cycle ends',
    body: retireSupplierBody,
    update: def.retireSupplierUpdate,
  }),
];
