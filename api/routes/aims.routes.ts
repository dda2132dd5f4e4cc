import { loadReach } from '../../services/access';
import { organisationForNew } from '../scope';
import { ensureReadinessSnapshots } from '../readiness-snapshots-start';
import { z } from 'zod';
import { findAimsById, insertAims, listAims, updateAimsSettings } from '../../db/repositories/aims.repository';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import { findPersonById } from '../../db/repositories/people.repository';
import { findSoaEntry, insertSoaEntries, upsertSoaEntry } from '../../db/repositories/soa.repository';
import { AppError } from '../../domain/app-error';
import { CONTROLS } from '../../domain/reference/iso42001';
import { ROLES } from '../../domain/roles';
import { defineRoute, uuidParam } from '../route';
import { listSoa } from '../../services/soa-queries';
import type { ApiContext } from '../api-context';
import { aimsSchema, aimsSettingsSchema, newAimsSchema, toAimsDto } from '../schemas/aims.schema';
import { findOrganisation } from '../../db/repositories/organisations.repository';
import { soaUpdateSchema } from '../schemas/audit.schema';

const soaEntrySchema = z
  .object({
    controlId: z.string(),
    title: z.string(),
    area: z.string().describe('the Annex A area (A.6) the control belongs to'),
    applicable: z.boolean(),
    justification: z.string(),
    changedBy: z.string().nullable().describe('who last set this entry; null while it is as the AIMS was set up'),
    changedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'SoaEntry' });

/** The AIMS's settings as its row stores them: one mapping for setting up and for changing. */
function settingsRowOf(body: z.infer<typeof aimsSettingsSchema>) {
  return {
    name: body.name,
    scope: body.scope,
    time_zone: body.timeZone,
    holiday_region: body.holidayRegion,
    closed_days: body.closedDays,
    programme_manager_id: body.programmeManagerId,
    policy: JSON.stringify(body.policy),
  };
}

export const aimsRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims',
    summary: 'Set up an AI management system: zone, holiday calendar, programme manager, policy',
    tag: 'aims',
    access: ['admin', 'programme_manager'],
    scope: 'organisation',
    body: newAimsSchema,
    response: { status: 201, description: 'created', schema: aimsSchema },
    handler: async ({ body, person, reach }, ctx) => {
      const organisationId = organisationForNew(reach, ['admin', 'programme_manager']);
      await assertProgrammeManager(ctx, body.programmeManagerId, organisationId);
      const settings = await withOrganisationDefaults(ctx, organisationId, body);
      const at = ctx.clock.now();
      const aims = await ctx.db.transaction().execute(async (trx) => {
        const row = await insertAims(trx, { ...settingsRowOf(settings), organisation_id: organisationId });
        await recordChange(trx, {
          aimsId: row.id,
          actor: { id: person.id, label: person.name },
          at,
          entityType: 'aims',
          entityId: row.id,
          action: 'created',
          before: null,
          after: row,
        });
        // Every control starts applicable: leaving one out is a decision that needs its justification.
        await insertSoaEntries(
          trx,
          CONTROLS.map((c) => ({ aims_id: row.id, control_id: c.id, applicable: true, justification: '', updated_at: at })),
        );
        return row;
      });
      // After the commit: the AIMS exists whatever happens here, and a failed start is made good
      // by the reconciliation at the next worker start, so it does not fail the set-up.
      await ensureReadinessSnapshots(
        ctx.temporal.workflow,
        { taskQueue: ctx.config.temporal.taskQueue, searchAttributes: ctx.config.temporal.searchAttributes },
        { id: aims.id, organisationId },
      ).catch((error: unknown) => ctx.log.warn({ err: error, aimsId: aims.id }, 'monthly readiness figures not started; the next worker start starts them'));
      return { status: 201, body: toAimsDto(aims) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/aims/:id',
    // What is planned next is computed with the new settings (activities re-read them); instants
    // already planned stay as they were. The policy given replaces the overrides as a whole.
    summary: 'Change the settings of an AIMS (name, scope, zone, holiday calendar, programme manager); the policy given replaces its overrides',
    tag: 'aims',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: aimsSettingsSchema,
    response: { status: 200, description: 'the AIMS as it now is', schema: aimsSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, body, person }, ctx) => {
      await assertProgrammeManager(ctx, body.programmeManagerId, ctx.organisationId!);
      const aims = await ctx.db.transaction().execute(async (trx) => {
        const before = await findAimsById(trx, params.id);
        if (!before) throw new AppError('not_found', `no AIMS ${params.id}`);
        const after = await updateAimsSettings(trx, params.id, settingsRowOf(body));
        await recordChange(trx, {
          aimsId: params.id,
          actor: { id: person.id, label: person.name },
          at: ctx.clock.now(),
          entityType: 'aims',
          entityId: params.id,
          action: 'updated',
          before,
          after,
        });
        return after!;
      });
      // After the commit: a read between forgetting and committing would keep the old settings.
      ctx.aimsSettings.invalidate(params.id);
      return { body: toAimsDto(aims) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims',
    summary: 'Every AIMS',
    tag: 'aims',
    access: ROLES,
    scope: 'list',
    response: { status: 200, description: 'AIMS', schema: z.object({ items: z.array(aimsSchema) }) },
    handler: async ({ aimsIds }, ctx) => ({
      body: { items: (await listAims(ctx.db, aimsIds)).map(toAimsDto) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id',
    summary: 'One AIMS with its effective policy',
    tag: 'aims',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the AIMS', schema: aimsSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      const aims = await findAimsById(ctx.db, params.id);
      if (!aims) throw new AppError('not_found', `no AIMS ${params.id}`);
      return { body: toAimsDto(aims) };
    },
  }),

  defineRoute({
    method: 'get',
    path: '/aims/:id/soa',
    summary: 'The Statement of Applicability: every Annex A control, applicable or not, with its justification',
    tag: 'aims',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the statement', schema: z.object({ items: z.array(soaEntrySchema) }) },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => ({ body: { items: await soaOf(ctx, params.id) } }),
  }),
  defineRoute({
    method: 'put',
    path: '/aims/:id/soa',
    summary: 'Change entries of the Statement of Applicability (programme manager)',
    tag: 'aims',
    access: ['programme_manager'],
    scope: { item: 'aims' },
    params: uuidParam,
    body: soaUpdateSchema,
    response: { status: 200, description: 'the statement after the change', schema: z.object({ items: z.array(soaEntrySchema) }) },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params, body, person }, ctx) => {
      await soaOf(ctx, params.id);
      const at = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        for (const entry of body.entries) {
          const before = await findSoaEntry(trx, params.id, entry.controlId);
          const row = { aims_id: params.id, control_id: entry.controlId, applicable: entry.applicable, justification: entry.justification, updated_at: at };
          await upsertSoaEntry(trx, row);
          await recordChange(trx, {
            aimsId: params.id,
            actor: { id: person.id, label: person.name },
            at,
            entityType: 'soa_entry',
            entityId: `${params.id}/${entry.controlId}`,
            action: 'set',
            before: before ?? null,
            after: row,
          });
        }
      });
      return { body: { items: await soaOf(ctx, params.id) } };
    },
  }),
];

/** What a new AIMS leaves out comes from its organisation's settings; a zone is needed from one or the other (422). */
async function withOrganisationDefaults(
  ctx: ApiContext,
  organisationId: string,
  body: z.infer<typeof newAimsSchema>,
): Promise<z.infer<typeof aimsSettingsSchema>> {
  const organisation = await findOrganisation(ctx.db, organisationId);
  const timeZone = body.timeZone ?? organisation?.default_time_zone;
  if (!timeZone) {
    throw new AppError('validation_failed', 'name the time zone: the organisation has no default zone', [
      { field: 'body.timeZone', reason: 'required (the organisation has no default zone)' },
    ]);
  }
  return {
    ...body,
    timeZone,
    holidayRegion: body.holidayRegion !== undefined ? body.holidayRegion : (organisation?.default_holiday_region ?? null),
    policy: body.policy ?? organisation?.default_policy ?? {},
  };
}

/** The AIMS's programme manager must hold the role in the AIMS's organisation: 422 naming the field otherwise. */
async function assertProgrammeManager(ctx: ApiContext, personId: string, organisationId: string): Promise<void> {
  const manager = await findPersonById(ctx.db, personId);
  const holds = manager && (await loadReach(ctx.db, manager.id)).organisationsWith(['programme_manager']).includes(organisationId);
  if (!holds) {
    throw new AppError('validation_failed', 'the programme manager must be a person with the programme_manager role', [
      { field: 'body.programmeManagerId', reason: manager ? 'lacks the programme_manager role' : 'no such person' },
    ]);
  }
}

async function soaOf(ctx: ApiContext, aimsId: string) {
  const entries = await listSoa(ctx.db, aimsId);
  if (!entries) throw new AppError('not_found', `no AIMS ${aimsId}`);
  return entries;
}
