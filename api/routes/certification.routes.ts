import { z } from 'zod';
import { addYearsClamped } from '../../calendar/cadence';
import { AppError } from '../../domain/app-error';
import { certificationWorkflowId } from '../../domain/certification';
import { ROLES } from '../../domain/roles';
import { findAimsSettings, type AimsSettings } from '../../services/aims-settings';
import { findCertification } from '../../services/certification-queries';
import * as def from '../../workflows/certification/certification.definitions';
import { actorOf } from '../actor';
import type { ApiContext } from '../api-context';
import { commandRoutes } from '../command-route';
import { assertActivePeople, todayIn } from '../edge-checks';
import { defineRoute, uuidParam } from '../route';
import { startSingleton } from '../start-singleton';
import {
  certificationBodyBody,
  certificationSchema,
  certificationTaskParams,
  decisionBody,
  externalAuditBody,
  restoreBody,
  stageBody,
  startCertificationBody,
} from '../schemas/certification.schema';

/** How far from today a recorded certification date may lie, either way. */
const WINDOW_YEARS = 5;

async function settingsOr404(ctx: ApiContext, aimsId: string): Promise<AimsSettings> {
  const settings = await findAimsSettings(ctx.db, aimsId);
  if (!settings) throw new AppError('not_found', `no AIMS ${aimsId}`);
  return settings;
}

async function certificationOr404(ctx: ApiContext, aimsId: string) {
  const certification = await findCertification(ctx.db, aimsId);
  if (!certification) throw new AppError('not_found', `AIMS ${aimsId} has no certification record`);
  return certification;
}

/** A recorded date lies within five years of today in the AIMS zone, either way. */
function assertPlausible(settings: AimsSettings, now: Date, field: string, date: string): void {
  const today = todayIn(settings, now);
  const earliest = addYearsClamped(today, -WINDOW_YEARS);
  const latest = addYearsClamped(today, WINDOW_YEARS);
  if (date < earliest || date > latest) {
    throw new AppError('validation_failed', `${field}: ${date} is more than ${WINDOW_YEARS} years from today (${today} in ${settings.aims.time_zone})`, [
      { field, reason: `must lie between ${earliest} and ${latest}` },
    ]);
  }
}

/** A certification command: edge checks (with the AIMS's settings), the update, and the certification as it now stands. */
const certificationCommand = commandRoutes({
  path: '/aims/:id/certification',
  tag: 'certification',
  access: ['programme_manager'],
  scope: { item: 'aims' },
  params: uuidParam,
  response: { description: 'the certification after the change', schema: certificationSchema },
  failures: { 404: 'no such AIMS or no certification record', 409: 'the change does not fit the certification as it is' },
  find: async (ctx, aimsId) => {
    const settings = await settingsOr404(ctx, aimsId);
    await certificationOr404(ctx, aimsId);
    return settings;
  },
  workflowId: (_ctx, aimsId) => certificationWorkflowId(aimsId),
  answer: certificationOr404,
});

export const certificationRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims/:id/certification',
    summary: 'Start the certification record of an AIMS (before stage 1)',
    tag: 'certification',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: startCertificationBody,
    response: { status: 201, description: 'started', schema: certificationSchema },
    failures: { 404: 'no such AIMS', 409: 'the AIMS has a certification record already' },
    handler: async ({ params, body, person }, ctx) => {
      await settingsOr404(ctx, params.id);
      await startSingleton(ctx, {
        workflowType: 'certificationWorkflow',
        workflowId: certificationWorkflowId(params.id),
        input: {
          kind: 'new',
          aimsId: params.id,
          certificationBody: body.certificationBody,
          actor: actorOf(person),
          indexed: ctx.config.temporal.searchAttributes,
        } satisfies def.CertificationInput,
        recorded: def.certificationRecordedUpdate,
        conflict: 'this AIMS has a certification record already',
      });
      return { status: 201, body: await certificationOr404(ctx, params.id) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id/certification',
    summary: 'The certification: status, dates, the next item due and open tasks',
    tag: 'certification',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the certification', schema: certificationSchema },
    failures: { 404: 'no certification record for this AIMS' },
    handler: async ({ params }, ctx) => ({ body: await certificationOr404(ctx, params.id) }),
  }),
  certificationCommand({
    path: 'body',
    summary: 'Record the certification body',
    body: certificationBodyBody,
    update: def.recordCertificationBodyUpdate,
  }),
  certificationCommand({
    path: 'stage1',
    summary: 'Record the stage 1 audit: date and outcome',
    body: stageBody,
    update: def.recordStage1Update,
    check: (ctx, { body, found: settings }) => assertPlausible(settings, ctx.clock.now(), 'body.date', body.date),
  }),
  certificationCommand({
    path: 'stage2',
    summary: 'Record the stage 2 audit: date and outcome',
    body: stageBody,
    update: def.recordStage2Update,
    check: (ctx, { body, found: settings }) => assertPlausible(settings, ctx.clock.now(), 'body.date', body.date),
  }),
  certificationCommand({
    path: 'decision',
    summary: 'Record the certification decision: starts a three-year cycle',
    body: decisionBody,
    update: def.recordDecisionUpdate,
    check: (ctx, { body, found: settings }) => assertPlausible(settings, ctx.clock.now(), 'body.date', body.date),
  }),
  certificationCommand({
    path: 'external-audits',
    summary: 'Record a surveillance or recertification audit; each finding opens a corrective-action case',
    body: externalAuditBody,
    update: def.recordExternalAuditUpdate,
    check: async (ctx, { body, found: settings }) => {
      assertPlausible(settings, ctx.clock.now(), 'body.date', body.date);
      await assertActivePeople(
        ctx,
        body.findings.map((f, i) => ({ field: `body.findings.${i}.ownerId`, id: f.ownerId })),
      );
    },
  }),
  certificationCommand({
    path: 'restore',
    summary: 'Restore an expired certificate within the restoration window',
    body: restoreBody,
    update: def.restoreCertificationUpdate,
    check: (ctx, { body, found: settings }) => {
      assertPlausible(settings, ctx.clock.now(), 'body.date', body.date);
      if (body.date > todayIn(settings, ctx.clock.now()))
        throw new AppError('validation_failed', `body.date: ${body.date} is in the future`, [{ field: 'body.date', reason: 'is after today' }]);
    },
  }),
  certificationCommand({
    path: 'tasks/:taskId/complete',
    summary: 'Mark a certification task done',
    params: certificationTaskParams,
    body: z.object({}).strict(),
    update: def.completeCertificationTaskUpdate,
    args: ({ params }) => ({ taskId: params.taskId }),
  }),
];
