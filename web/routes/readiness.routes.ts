import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { callApi, signedIn } from '../page-kit';
import { readinessPage } from '../pages/readiness.page';

/** The gap assessment of an AIMS, from `GET /aims/{id}/readiness` as the signed-in person. */
export function mountReadinessPage(router: Router, ctx: ApiContext): void {
  router.get(
    '/aims/:id/readiness',
    signedIn(ctx, async (req, res, person) => {
      const readiness = await callApi(ctx, { method: 'get', path: '/aims/:id/readiness', params: { id: String(req.params.id) } }, person, req, res);
      res.type('html').send(readinessPage(person, readiness));
    }),
  );
}
