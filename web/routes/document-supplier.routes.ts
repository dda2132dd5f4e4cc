import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { callApi, signedIn } from '../page-kit';
import { documentRegisterPage } from '../pages/document-register.page';
import { supplierRegisterPage } from '../pages/supplier-register.page';

/** The document and supplier registers of an AIMS, from the API's own reads as the signed-in person. */
export function mountDocumentSupplierPages(router: Router, ctx: ApiContext): void {
  router.get(
    '/aims/:id/documents',
    signedIn(ctx, async (req, res, person) => {
      const register = await callApi(ctx, { method: 'get', path: '/aims/:id/documents', params: { id: String(req.params.id) } }, person, req, res);
      res.type('html').send(documentRegisterPage(person, register));
    }),
  );
  router.get(
    '/aims/:id/suppliers',
    signedIn(ctx, async (req, res, person) => {
      const register = await callApi(ctx, { method: 'get', path: '/aims/:id/suppliers', params: { id: String(req.params.id) } }, person, req, res);
      res.type('html').send(supplierRegisterPage(person, register));
    }),
  );
}
