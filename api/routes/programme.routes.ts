import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { CADENCES, programmeWorkflowId } from '../../domain/audit';
import { ROLES } from '../../domain/roles';
import { findAimsSettings } from '../../services/aims-settings';
import { findProgramme } from '../../services/programme-queries';
import * as def from '../../workflows/audits/audit.definitions';
import { actorOf } from '../actor';
import type { ApiContext } from '../api-context';
import { assertNotPast } from '../edge-checks';
import { defineRoute, uuidParam } from '../route';
import { runCommand } from '../run-command';
import { cadenceBody, moveBody, occurrenceParams, reasonBody, startProgrammeSchema } from '../schemas/audit.schema';

const programmeSchema = z
  .object({
    aimsId: z.uuid(),
    cadence: z.enum(CADENCES),
    anchorDate: z.string(),
    paused: z.boolean(),
    nextIndex: z.number().int(),
    upcoming: z.array(
      z.object({
        index: z.number().int(),
        fieldworkStart: z.string(),
        status: z.enum(['planned', 'moved', 'skipped']),
        reason: z.string().nullable(),
        predictedScope: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'AuditProgramme' });

async function programmeOr404(ctx: ApiContext, aimsId: string) {
  const programme = await findProgramme(ctx.db, aimsId);
  if (!programme) throw new AppError('not_found', `AIMS ${aimsId} has no audit programme`);
  return programme;
}

const handleOf = (ctx: ApiContext, aimsId: string) => ctx.temporal.workflow.getHandle(programmeWorkflowId(aimsId));

/** A programme command: edge checks, the update, and the programme as it now stands. */
function programmeCommand<const Sub extends string, P extends { id: string }, B>(spec: {
  path: Sub;
  summary: string;
  params: z.ZodType<P>;
  body: z.ZodType<B>;
  send: (ctx: ApiContext, params: P, body: B, actor: ReturnType<typeof actorOf>) => Promise<unknown>;
}) {
  return defineRoute({
    method: 'post',
    path: `/aims/:id/programme/${spec.path}` as const,
    summary: spec.summary,
    tag: 'audit programme',
    access: ['programme_manager'],
    params: spec.params,
    body: spec.body,
    response: { status: 200, description: 'the programme after the change', schema: programmeSchema },
    failures: { 404: 'no programme for this AIMS', 409: 'the change does not fit the programme as it is' },
    handler: async ({ params, body, person }, ctx) => {
      await programmeOr404(ctx, params.id);
      await spec.send(ctx, params, body, actorOf(person));
      return { body: await programmeOr404(ctx, params.id) };
    },
  });
}

export const programmeRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/programme',
    summary: 'Start the internal audit programme: a cadence and the fieldwork date of its first audit',
    tag: 'audit programme',
    access: ['programme_manager'],
    params: uuidParam,
    body: startProgrammeSchema,
    response: { status: 201, description: 'started', schema: programmeSchema },
    failures: { 404: 'no such AIMS', 409: 'the AIMS has a programme already' },
    handler: async ({ params, body, person }, ctx) => {
      const settings = await findAimsSettings(ctx.db, params.id);
      if (!settings) throw new AppError('not_found', `no AIMS ${params.id}`);
      assertNotPast(settings, ctx.clock.now(), [{ field: 'body.anchorDate', date: body.anchorDate }]);
      try {
        const handle = await ctx.temporal.workflow.start('auditProgrammeWorkflow', {
          taskQueue: ctx.config.temporal.taskQueue,
          workflowId: programmeWorkflowId(params.id),
          args: [{ kind: 'new', aimsId: params.id, ...body, actor: actorOf(person) } satisfies def.ProgrammeInput],
        });
        await handle.executeUpdate(def.programmeRecordedUpdate);
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) throw new AppError('conflict', 'this AIMS has an audit programme already');
        throw error;
      }
      return { status: 201, body: await programmeOr404(ctx, params.id) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/programme',
    summary: 'The audit programme and its coming occurrences',
    tag: 'audit programme',
    access: ROLES,
    params: uuidParam,
    response: { status: 200, description: 'the programme', schema: programmeSchema },
    failures: { 404: 'no programme for this AIMS' },
    handler: async ({ params }, ctx) => ({ body: await programmeOr404(ctx, params.id) }),
  }),
  programmeCommand({
    path: 'pause',
    summary: 'Pause: no audit opens until the programme is resumed',
    params: uuidParam,
    body: reasonBody,
    send: (ctx, p, body, actor) => runCommand(handleOf(ctx, p.id), def.pauseProgrammeUpdate, actor, body),
  }),
  programmeCommand({
    path: 'resume',
    summary: 'Resume a paused programme',
    params: uuidParam,
    body: reasonBody,
    send: (ctx, p, body, actor) => runCommand(handleOf(ctx, p.id), def.resumeProgrammeUpdate, actor, body),
  }),
  programmeCommand({
    path: 'occurrences/:index/move',
    summary: 'Move one coming occurrence to another fieldwork date',
    params: occurrenceParams,
    body: moveBody,
    send: async (ctx, p, body, actor) => {
      assertNotPast((await findAimsSettings(ctx.db, p.id))!, ctx.clock.now(), [{ field: 'body.fieldworkStart', date: body.fieldworkStart }]);
      return runCommand(handleOf(ctx, p.id), def.moveOccurrenceUpdate, actor, { index: p.index, ...body });
    },
  }),
  programmeCommand({
    path: 'occurrences/:index/skip',
    summary: 'Skip one coming occurrence, with a reason; later occurrences catch up its scope',
    params: occurrenceParams,
    body: reasonBody,
    send: (ctx, p, body, actor) => runCommand(handleOf(ctx, p.id), def.skipOccurrenceUpdate, actor, { index: p.index, ...body }),
  }),
  programmeCommand({
    path: 'cadence',
    summary: 'Change the cadence: a new series from a new anchor date',
    params: uuidParam,
    body: cadenceBody,
    send: async (ctx, p, body, actor) => {
      assertNotPast((await findAimsSettings(ctx.db, p.id))!, ctx.clock.now(), [{ field: 'body.anchorDate', date: body.anchorDate }]);
      return runCommand(handleOf(ctx, p.id), def.changeCadenceUpdate, actor, body);
    },
  }),
];
