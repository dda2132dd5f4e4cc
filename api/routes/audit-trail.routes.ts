import { findAimsById } from '../../db/repositories/aims.repository';
import { AppError } from '../../domain/app-error';
import { verifyTrailChain } from '../../services/audit-trail-verification';
import { defineRoute, uuidParam } from '../route';
import { trailVerificationSchema } from '../schemas/audit-trail.schema';

export const auditTrailRoutes = [
  defineRoute({
    method: 'get',
    path: '/aims/:id/audit-trail/verification',
    summary: "Verify the AIMS's audit-trail hash chain; names the first entry that does not verify",
    tag: 'aims',
    access: ['programme_manager', 'management'],
    scope: { item: 'aims' },
    params: uuidParam,
    response: { status: 200, description: 'the verification, intact or naming the first broken entry', schema: trailVerificationSchema },
    failures: { 404: 'no such AIMS' },
    handler: async ({ params }, ctx) => {
      if (!(await findAimsById(ctx.db, params.id))) throw new AppError('not_found', `no AIMS ${params.id}`);
      const result = await verifyTrailChain(ctx.db, params.id);
      return { body: { ...result, aimsId: params.id } };
    },
  }),
];
