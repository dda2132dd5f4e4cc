import { z } from 'zod';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import { findPersonById } from '../../db/repositories/people.repository';
import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { defineRoute, uuidParam } from '../route';
import { aimsSchema, newAimsSchema, toAimsDto } from '../schemas/aims.schema';

export const aimsRoutes = [
  defineRoute({
    method: 'post',
    path: '/aims',
    summary: 'Set up an AI management system: zone, holiday calendar, programme manager, policy',
    tag: 'aims',
    access: ['admin', 'programme_manager'],
    body: newAimsSchema,
    response: { status: 201, description: 'created', schema: aimsSchema },
    handler: async ({ body, person }, ctx) => {
      const manager = await findPersonById(ctx.db, body.programmeManagerId);
      if (!manager?.roles.includes('programme_manager')) {
        throw new AppError('validation_failed', 'the programme manager must be a person with the programme_manager role', [
          { field: 'body.programmeManagerId', reason: manager ? 'lacks the programme_manager role' : 'no such person' },
        ]);
      }
      const at = ctx.clock.now();
      const aims = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('aims')
          .values({
            name: body.name,
            scope: body.scope,
            time_zone: body.timeZone,
            holiday_region: body.holidayRegion,
            closed_days: body.closedDays,
            programme_manager_id: body.programmeManagerId,
            policy: JSON.stringify(body.policy),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordChange(trx, { actor: { id: person.id, label: person.name }, at, entityType: 'aims', entityId: row.id, action: 'created', before: null, after: row });
        return row;
      });
      return { status: 201, body: toAimsDto(aims) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/aims',
    summary: 'Every AIMS',
    tag: 'aims',
    access: ROLES,
    response: { status: 200, description: 'AIMS', schema: z.object({ items: z.array(aimsSchema) }) },
    handler: async (_input, ctx) => ({
      body: { items: (await ctx.db.selectFrom('aims').selectAll().orderBy('name').execute()).map(toAimsDto) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/aims/:id',
    summary: 'One AIMS with its effective policy',
    tag: 'aims',
    access: ROLES,
    params: uuidParam,
    response: { status: 200, description: 'the AIMS', schema: aimsSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      const aims = await ctx.db.selectFrom('aims').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!aims) throw new AppError('not_found', `no AIMS ${params.id}`);
      return { body: toAimsDto(aims) };
    },
  }),
];
