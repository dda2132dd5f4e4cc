import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { listActivePersonNames } from '../../db/repositories/people.repository';
import type { Person } from '../../db/tables/people.table';
import { factsOf } from '../ai/fact-fields';
import { AI_SYSTEM_FORMS } from '../ai/system-forms';
import { postForm, sendPage, type Outcome } from '../form-post';
import { first, type TypedForm } from '../form-values';
import { callApi, refusalOf, signedIn } from '../page-kit';
import { aiRegisterPage } from '../pages/ai-register.page';
import { showItem } from './items.routes';

/**
 * The AI system register of an AIMS (`GET /aims/{id}/ai-systems`, `GET /aims/{id}/ai-risks`) with
 * the form that registers a system, and the forms of a system's page (update, significant change,
 * retirement), each posted to the API's own route as the signed-in person.
 */
export function mountAiSystemPages(router: Router, ctx: ApiContext): void {
  const showRegister = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const params = { id: String(req.params.id) };
    const register = await callApi(ctx, { method: 'get', path: '/aims/:id/ai-systems', params }, person, req, res);
    const figures = await callApi(ctx, { method: 'get', path: '/aims/:id/ai-risks', params }, person, req, res);
    const people = (await listActivePersonNames(ctx.db)).map((p) => ({ value: p.id, text: p.name }));
    sendPage(res, outcome, aiRegisterPage({ person, aimsId: params.id, register, figures, people, outcome }));
  };
  router.get(
    '/aims/:id/ai-systems',
    signedIn(ctx, (req, res, person) => showRegister(req, res, person, {})),
  );
  // Not through postForm: the browser goes on to the new system's page, whose id the API gives.
  router.post(
    '/aims/:id/ai-systems',
    signedIn(ctx, async (req, res, person) => {
      const typed = (req.body ?? {}) as TypedForm;
      const due = first(typed.firstAssessmentDue);
      const body = { ...factsOf(typed), firstAssessmentDue: due ? due : null };
      try {
        const created = await callApi(ctx, { method: 'post', path: '/aims/:id/ai-systems', params: { id: String(req.params.id) }, body }, person, req, res);
        res.redirect(303, `/ui/ai-systems/${created.id}?done=ai-registered`);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        await showRegister(req, res, person, { status: refusal.status, refused: { form: 'ai-register', message: refusal.message, typed } });
      }
    }),
  );

  const showSystem = (req: Request, res: Response, person: Person, outcome: Outcome) =>
    showItem(ctx, req, res, person, `/ui/ai-systems/${String(req.params.id)}`, outcome);
  const command = (path: 'update' | 'significant-changes' | 'retire', form: string, done: string, body: (typed: TypedForm) => unknown) =>
    postForm(router, ctx, `/ai-systems/:id/${path}`, {
      form,
      calls: (req, typed) => [{ method: 'post', path: `/ai-systems/:id/${path}`, params: { id: String(req.params.id) }, body: body(typed) }],
      done: (req) => `/ui/ai-systems/${String(req.params.id)}?done=${done}`,
      show: showSystem,
    });
  command('update', AI_SYSTEM_FORMS.update, 'ai-updated', factsOf);
  command('significant-changes', AI_SYSTEM_FORMS.change, 'ai-changed', (f) => ({ kind: first(f.kind), description: first(f.description) ?? '' }));
  command('retire', AI_SYSTEM_FORMS.retire, 'ai-retired', (f) => ({ reason: first(f.reason) ?? '' }));
}
