import { AppError } from '../../domain/app-error';
import { ROLES } from '../../domain/roles';
import { readinessOf } from '../../services/readiness';
import { defineRoute, uuidParam } from '../route';
import { readinessSchema } from '../schemas/readiness.schema';

export const readinessRoutes = [
  defineRoute({
    method: 'get',
    path: '/aims/:id/readiness',
    summary: 'Gap assessment: readiness per clause and applicable control with its reasons, scores, remediation order and monthly trend',
    tag: 'readiness',
    access: ROLES,
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the gap assessment as of today', schema: readinessSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      const readiness = await readinessOf(ctx.db, ctx.clock.now(), params.id);
      if (!readiness) throw new AppError('not_found', `no AIMS ${params.id}`);
      return { body: readiness };
    },
  }),
];
