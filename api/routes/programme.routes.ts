import { z } from 'zod';
import { AppError } from '../../domain/app-error';
import { CADENCES, programmeWorkflowId } from '../../domain/audit';
import { ROLES } from '../../domain/roles';
import { findAimsSettings } from '../../services/aims-settings';
import { findProgramme } from '../../services/programme-queries';
import * as def from '../../workflows/audits/audit.definitions';
import { actorOf } from '../actor';
import type { ApiContext } from '../api-context';
import { commandRoutes } from '../command-route';
import { assertNotPast } from '../edge-checks';
import { defineRoute, uuidParam } from '../route';
import { startSingleton } from '../start-singleton';
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

/** A programme command: edge checks, the update, and the programme as it now stands. */
const programmeCommand = commandRoutes({
  path: '/aims/:id/programme',
  tag: 'audit programme',
  access: ['programme_manager'],
  scope: { item: 'aims' },
  params: uuidParam,
  response: { description: 'the programme after the change', schema: programmeSchema },
  failures: { 404: 'no programme for this AIMS', 409: 'the change does not fit the programme as it is' },
  find: async (ctx, aimsId) => void (await programmeOr404(ctx, aimsId)),
  workflowId: (_ctx, aimsId) => programmeWorkflowId(aimsId),
  answer: programmeOr404,
});

export const programmeRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/programme',
    summary: 'Start the internal audit programme: a cadence and the fieldwork date of its first audit',
    tag: 'audit programme',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: startProgrammeSchema,
    response: { status: 201, description: 'started', schema: programmeSchema },
    failures: { 404: 'no such AIMS', 409: 'the AIMS has a programme already' },
    handler: async ({ params, body, person }, ctx) => {
      const settings = await findAimsSettings(ctx.db, params.id);
      if (!settings) throw new AppError('not_found', `no AIMS ${params.id}`);
      assertNotPast(settings, ctx.clock.now(), [{ field: 'body.anchorDate', date: body.anchorDate }]);
      await startSingleton(ctx, {
        workflowType: 'auditProgrammeWorkflow',
        workflowId: programmeWorkflowId(params.id),
        input: { kind: 'new', aimsId: params.id, ...body, actor: actorOf(person) } satisfies def.ProgrammeInput,
        recorded: def.programmeRecordedUpdate,
        conflict: 'this AIMS has an audit programme already',
      });
      return { status: 201, body: await programmeOr404(ctx, params.id) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/programme',
    summary: 'The audit programme and its coming occurrences',
    tag: 'audit programme',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the programme', schema: programmeSchema },
    failures: { 404: 'no programme for this AIMS' },
    handler: async ({ params }, ctx) => ({ body: await programmeOr404(ctx, params.id) }),
  }),
  programmeCommand({
    path: 'pause',
    summary: 'Pause: no audit opens until the programme is resumed',
    body: reasonBody,
    update: def.pauseProgrammeUpdate,
  }),
  programmeCommand({
    path: 'resume',
    summary: 'Resume a paused programme',
    body: reasonBody,
    update: def.resumeProgrammeUpdate,
  }),
  programmeCommand({
    path: 'occurrences/:index/move',
    summary: 'Move one coming occurrence to another fieldwork date',
    params: occurrenceParams,
    body: moveBody,
    update: def.moveOccurrenceUpdate,
    check: async (ctx, { params, body }) =>
      assertNotPast((await findAimsSettings(ctx.db, params.id))!, ctx.clock.now(), [{ field: 'body.fieldworkStart', date: body.fieldworkStart }]),
    args: ({ params, body }) => ({ index: params.index, ...body }),
  }),
  programmeCommand({
    path: 'occurrences/:index/skip',
    summary: 'Skip one coming occurrence, with a reason; later occurrences catch up its scope',
    params: occurrenceParams,
    body: reasonBody,
    update: def.skipOccurrenceUpdate,
    args: ({ params, body }) => ({ index: params.index, ...body }),
  }),
  programmeCommand({
    path: 'cadence',
    summary: 'Change the cadence: a new series from a new anchor date',
    body: cadenceBody,
    update: def.changeCadenceUpdate,
    check: async (ctx, { params, body }) =>
      assertNotPast((await findAimsSettings(ctx.db, params.id))!, ctx.clock.now(), [{ field: 'body.anchorDate', date: body.anchorDate }]),
  }),
];
