import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { organisationIndex } from '../../domain/search-attributes';
import { aiSystemWorkflowId } from '../../domain/ai-system';
import { ROLES } from '../../domain/roles';
import { findAimsSettings } from '../../services/aims-settings';
import { aiRiskFigures } from '../../services/ai-risk-figures';
import { findAiSystemDetail, findAiSystemForCommand, listAiSystems } from '../../services/ai-system-queries';
import * as def from '../../workflows/ai-systems/ai-system.definitions';
import { actorOf } from '../actor';
import type { ApiContext } from '../api-context';
import { commandRoutes } from '../command-route';
import { assertActivePeople, assertApplicableControls, assertNotPast } from '../edge-checks';
import { defineRoute, uuidParam } from '../route';
import { aiRiskFiguresSchema } from '../schemas/ai-risk.schema';
import {
  aiSystemDetailSchema,
  aiSystemSummarySchema,
  approvalParams,
  impactAssessmentBody,
  newAiSystemBody,
  raiseNonconformityBody,
  retireBody,
  riskAssessmentBody,
  significantChangeBody,
  treatmentParams,
  updateAiSystemBody,
} from '../schemas/ai-system.schema';

async function detail(ctx: ApiContext, systemId: string) {
  const found = await findAiSystemDetail(ctx.db, ctx.clock.now(), systemId);
  if (!found) throw new AppError('not_found', `no AI system ${systemId}`);
  return found;
}

/** A retired system's workflow has ended: every command on it is refused here, with that reason. */
async function activeSystemOr4xx(ctx: ApiContext, systemId: string) {
  const found = await findAiSystemForCommand(ctx.db, systemId);
  if (!found) throw new AppError('not_found', `no AI system ${systemId}`);
  if (found.status === 'retired')
    throw new AppError('conflict', `the AI system ${systemId} is retired: its register entry and assessments are kept, nothing changes any more`);
  return { ...found, settings: (await findAimsSettings(ctx.db, found.aimsId))! };
}

const aiSystemCommand = commandRoutes({
  path: '/ai-systems/:id',
  tag: 'ai-systems',
  access: ROLES,
  scope: { item: 'ai-system' },
  params: uuidParam,
  response: { description: 'the AI system after the change', schema: aiSystemDetailSchema },
  failures: {
    403: 'the caller may not do this (not the owner, the risk owner or a programme manager; approving their own assessment)',
    404: 'no such AI system',
    409: 'the system is retired, or the assessment is not at the stage this command needs',
  },
  find: activeSystemOr4xx,
  workflowId: (_ctx, _id, found) => found.workflowId,
  answer: detail,
});

export const aiSystemRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/ai-systems',
    summary: 'Register an AI system: starts its cycle of risk and impact assessments',
    tag: 'ai-systems',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: newAiSystemBody,
    response: { status: 201, description: 'registered', schema: aiSystemDetailSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, body, person }, ctx) => {
      const settings = await findAimsSettings(ctx.db, params.id);
      if (!settings) throw new AppError('not_found', `no AIMS ${params.id}`);
      await assertActivePeople(ctx, [
        { field: 'body.ownerId', id: body.ownerId },
        { field: 'body.riskOwnerId', id: body.riskOwnerId },
      ]);
      if (body.firstAssessmentDue) assertNotPast(settings, ctx.clock.now(), [{ field: 'body.firstAssessmentDue', date: body.firstAssessmentDue }]);
      const { firstAssessmentDue, ...facts } = body;
      const id = randomUUID();
      // The workflow writes the row itself: either both exist or neither.
      const handle = await ctx.temporal.workflow.start('aiSystemWorkflow', {
        ...organisationIndex(ctx.organisationId, ctx.config.temporal.searchAttributes),
        taskQueue: ctx.config.temporal.taskQueue,
        workflowId: aiSystemWorkflowId(id),
        args: [{ kind: 'new', system: { id, aimsId: params.id, facts, firstAssessmentDue }, actor: actorOf(person) } satisfies def.AiSystemInput],
      });
      await handle.executeUpdate(def.aiSystemRecordedUpdate);
      return { status: 201, body: await detail(ctx, id) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/ai-systems',
    summary: 'The AI system register of an AIMS, by name',
    tag: 'ai-systems',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the register', schema: z.object({ items: z.array(aiSystemSummarySchema) }) },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      const items = await listAiSystems(ctx.db, params.id);
      if (!items) throw new AppError('not_found', `no AIMS ${params.id}`);
      return { body: { items } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/ai-risks',
    summary: "AI risk figures for management: approved risks of active systems by residual level, those above the AIMS's appetite",
    tag: 'ai-systems',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the figures', schema: aiRiskFiguresSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      const figures = await aiRiskFigures(ctx.db, params.id, ctx.clock.now());
      if (!figures) throw new AppError('not_found', `no AIMS ${params.id}`);
      return { body: figures };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/ai-systems/:id',
    summary: 'One AI system: facts, current and completed assessments, significant changes, tasks, timeline',
    tag: 'ai-systems',
    access: ROLES,
    scope: { item: 'ai-system' },
    params: uuidParam,
    response: { status: 200, description: 'the AI system', schema: aiSystemDetailSchema },
    failures: { 404: 'no such AI system' },
    handler: async ({ params }, ctx) => ({ body: await detail(ctx, params.id) }),
  }),
  aiSystemCommand({
    path: 'update',
    summary: 'Change register facts (owner, lifecycle stage, data, suppliers, classification, interval…)',
    body: updateAiSystemBody,
    update: def.updateAiSystemUpdate,
    check: async (ctx, { body }) => {
      const people = [
        ...(body.ownerId ? [{ field: 'body.ownerId', id: body.ownerId }] : []),
        ...(body.riskOwnerId ? [{ field: 'body.riskOwnerId', id: body.riskOwnerId }] : []),
      ];
      await assertActivePeople(ctx, people);
    },
  }),
  aiSystemCommand({
    path: 'significant-changes',
    summary: 'Record a significant change (new model version, data source, use, incident): opens a reassessment at once',
    body: significantChangeBody,
    update: def.recordSignificantChangeUpdate,
  }),
  aiSystemCommand({
    path: 'retire',
    summary: 'Retire the system: its open tasks are cancelled and its cycle ends',
    body: retireBody,
    update: def.retireAiSystemUpdate,
  }),
  aiSystemCommand({
    path: 'risk-assessment',
    summary: 'Submit the AI risk assessment of the open cycle: levels from the AIMS matrix, treatment actions become tasks',
    body: riskAssessmentBody,
    update: def.submitRiskAssessmentUpdate,
    check: async (ctx, { body, found }) => {
      const actions = body.risks.flatMap((r, i) => r.actions.map((a, j) => ({ ...a, field: `body.risks.${i}.actions.${j}` })));
      await assertActivePeople(
        ctx,
        actions.map((a) => ({ field: `${a.field}.ownerId`, id: a.ownerId })),
      );
      assertNotPast(
        found.settings,
        ctx.clock.now(),
        actions.map((a) => ({ field: `${a.field}.dueDate`, date: a.dueDate })),
      );
      await assertApplicableControls(
        ctx.db,
        found.aimsId,
        body.risks.flatMap((r, i) => r.controls.map((id, j) => ({ field: `body.risks.${i}.controls.${j}`, id }))),
      );
    },
  }),
  aiSystemCommand({
    path: 'impact-assessment',
    summary: 'Submit the AI system impact assessment of the open cycle',
    body: impactAssessmentBody,
    update: def.submitImpactAssessmentUpdate,
  }),
  aiSystemCommand({
    path: 'nonconformities',
    summary: 'Raise a nonconformity found by an assessment: opens a corrective-action case (its id is in the timeline)',
    body: raiseNonconformityBody,
    update: def.raiseNonconformityUpdate,
    check: async (ctx, { body }) => assertActivePeople(ctx, [{ field: 'body.ownerId', id: body.ownerId }]),
  }),
  aiSystemCommand({
    path: 'approvals/:kind',
    summary: 'Approve the submitted risk or impact assessment (the risk owner; not the assessor where policy says so)',
    params: approvalParams,
    body: z.object({}).strict(),
    update: def.approveAssessmentUpdate,
    args: ({ params }) => ({ kind: params.kind }),
  }),
  aiSystemCommand({
    path: 'treatment-actions/:taskId/complete',
    summary: 'Mark a risk treatment action done',
    params: treatmentParams,
    body: z.object({}).strict(),
    update: def.completeTreatmentActionUpdate,
    args: ({ params }) => ({ taskId: params.taskId }),
  }),
];
