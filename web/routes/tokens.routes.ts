import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { Person } from '../../db/tables/people.table';
import { callApi, first, refusalOf, signedIn, type Form } from '../page-kit';
import { tokensPage, type TokensData } from '../pages/tokens.page';

/** The API-tokens page: every action goes through the API's own /tokens routes. */
export function mountTokenPages(router: Router, ctx: ApiContext): void {
  const show = async (req: Request, res: Response, person: Person, extra: Partial<TokensData> = {}, status = 200) => {
    const everyone = person.roles.includes('admin');
    const listed = await callApi(ctx, { method: 'get', path: '/tokens', query: everyone ? { all: 'true' } : {} }, person, req, res);
    res
      .status(status)
      .type('html')
      .send(tokensPage({ person, tokens: listed.items, everyone, ...extra }));
  };

  router.get(
    '/tokens',
    signedIn(ctx, async (req, res, person) => show(req, res, person, { notice: req.query.done === 'revoked' ? 'The token is revoked.' : undefined })),
  );

  router.post(
    '/tokens',
    signedIn(ctx, async (req, res, person) => {
      const form = (req.body ?? {}) as Form;
      const expiresOn = first(form.expiresOn)?.trim();
      try {
        const issued = await callApi(
          ctx,
          { method: 'post', path: '/tokens', body: { label: first(form.label) ?? '', ...(expiresOn ? { expiresOn } : {}) } },
          person,
          req,
          res,
        );
        await show(req, res, person, { issued });
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        await show(req, res, person, { error: refusal.message }, refusal.status);
      }
    }),
  );

  router.post(
    '/tokens/:id/revocation',
    signedIn(ctx, async (req, res, person) => {
      await callApi(ctx, { method: 'delete', path: '/tokens/:id', params: { id: req.params.id } }, person, req, res);
      res.redirect(303, '/ui/tokens?done=revoked');
    }),
  );
}
