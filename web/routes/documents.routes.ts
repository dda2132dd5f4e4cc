import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { callApi, signedIn } from '../page-kit';
import { documentRegisterPage } from '../pages/document-register.page';

/** The document register of an AIMS, from `GET /aims/{id}/documents` as the signed-in person. */
export function mountDocumentPages(router: Router, ctx: ApiContext): void {
  router.get(
    '/aims/:id/documents',
    signedIn(ctx, async (req, res, person) => {
      const register = await callApi(ctx, { method: 'get', path: '/aims/:id/documents', params: { id: String(req.params.id) } }, person, req, res);
      res.type('html').send(documentRegisterPage(person, register));
    }),
  );
}
