import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { callApi, signedIn } from '../page-kit';
import { aiRegisterPage } from '../pages/ai-register.page';

/** The AI system register of an AIMS, from `GET /aims/{id}/ai-systems` and `GET /aims/{id}/ai-risks` as the signed-in person. */
export function mountAiSystemPages(router: Router, ctx: ApiContext): void {
  router.get(
    '/aims/:id/ai-systems',
    signedIn(ctx, async (req, res, person) => {
      const params = { id: String(req.params.id) };
      const register = await callApi(ctx, { method: 'get', path: '/aims/:id/ai-systems', params }, person, req, res);
      const figures = await callApi(ctx, { method: 'get', path: '/aims/:id/ai-risks', params }, person, req, res);
      res.type('html').send(aiRegisterPage(person, register, figures));
    }),
  );
}
