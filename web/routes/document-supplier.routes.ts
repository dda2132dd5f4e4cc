import type { Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { postForm } from '../form-post';
import { first } from '../form-values';
import { callApi, signedIn } from '../page-kit';
import { documentRegisterPage } from '../pages/document-register.page';
import { supplierRegisterPage } from '../pages/supplier-register.page';
import { VERSION_FORM } from '../registers/document-version-form';
import { RETIRE_FORM } from '../registers/retire-forms';
import { showItem } from './items.routes';

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
  // A new version from the document's page: a stored file of the document, or a link, through the API's own command.
  postForm(router, ctx, '/documents/:id/versions', {
    form: VERSION_FORM,
    calls: (req, typed) => {
      const fileId = first(typed.fileId) || undefined;
      const link = first(typed.link) || undefined;
      return [
        {
          method: 'post',
          path: '/documents/:id/versions',
          params: { id: String(req.params.id) },
          body: { fileId, link, changeSummary: first(typed.changeSummary) ?? '' },
        },
      ];
    },
    done: (req) => `/ui/documents/${String(req.params.id)}?done=document-version`,
    show: (req, res, person, outcome) => showItem(ctx, req, res, person, `/ui/documents/${String(req.params.id)}`, outcome),
  });
  // Retiring a document or a supplier from its page: the API's own command, a refusal shown beside the form.
  for (const kind of ['documents', 'suppliers'] as const) {
    postForm(router, ctx, `/${kind}/:id/retire`, {
      form: RETIRE_FORM,
      calls: (req, typed) => [
        { method: 'post', path: `/${kind}/:id/retire`, params: { id: String(req.params.id) }, body: { reason: first(typed.reason) ?? '' } },
      ],
      done: (req) => `/ui/${kind}/${String(req.params.id)}?done=${kind === 'documents' ? 'document' : 'supplier'}-retired`,
      show: (req, res, person, outcome) => showItem(ctx, req, res, person, `/ui/${kind}/${String(req.params.id)}`, outcome),
    });
  }
}
