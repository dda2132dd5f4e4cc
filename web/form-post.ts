import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../api/api-context';
import type { Person } from '../db/tables/people.table';
import { html, type SafeHtml } from '../domain/html';
import type { TypedForm } from './form-values';
import { signedIn, submitToApi, type AnyApiCall } from './page-kit';

/** How a page is shown again: after a redirect (a notice), or with a form's refusal and what was typed. */
export interface Outcome {
  status?: number;
  notice?: string;
  refused?: { form: string; message: string; typed: TypedForm };
}

export type ShowPage = (req: Request, res: Response, person: Person, outcome: Outcome) => Promise<void>;

/**
 * A posted form of a page: its fields become calls of the API's own routes (`submitToApi`); when
 * they went through the browser goes to `done`, and a refusal shows the page again with the
 * API's reason beside the form (`form` names it) and every typed value in place.
 */
export function postForm(
  router: Router,
  ctx: ApiContext,
  path: string,
  spec: {
    form: string;
    calls: (req: Request, typed: TypedForm, person: Person) => AnyApiCall[] | Promise<AnyApiCall[]>;
    done: (req: Request, typed: TypedForm) => string;
    show: ShowPage;
  },
): void {
  router.post(
    path,
    signedIn(ctx, async (req, res, person) => {
      const typed = (req.body ?? {}) as TypedForm;
      await submitToApi(ctx, { person, req, res }, await spec.calls(req, typed, person), {
        done: spec.done(req, typed),
        refused: (refusal) => spec.show(req, res, person, { status: refusal.status, refused: { form: spec.form, message: refusal.message, typed } }),
      });
    }),
  );
}

/** What a form shows: the typed values if it was the one refused, else nothing (the record's values then). */
export const typedFor = (outcome: Outcome, form: string): TypedForm | undefined => (outcome.refused?.form === form ? outcome.refused.typed : undefined);

/** A form in its card: a heading, the refusal (if it was this form's) as an alert, the fields and the button. */
export function formCard(
  outcome: Outcome,
  spec: { form: string; title: string; action: string; submit: string; fields: SafeHtml | readonly (SafeHtml | string)[] },
): SafeHtml {
  const refused = outcome.refused?.form === spec.form ? outcome.refused.message : undefined;
  return html`<section class="card" aria-labelledby="${spec.form}-form-heading">
    <h2 id="${spec.form}-form-heading">${spec.title}</h2>
    ${refused ? html`<p class="error" role="alert" id="${spec.form}-form-error">${refused}</p>` : ''}
    <form method="post" action="${spec.action}" ${refused ? html` aria-describedby="${spec.form}-form-error"` : ''}>
      ${spec.fields}
      <p><button type="submit">${spec.submit}</button></p>
    </form>
  </section>`;
}

/** The notice a page shows after a form went through, from a fixed text per key (nothing from the address is shown). */
export function noticeOf(texts: Record<string, string>, key: unknown): string | undefined {
  return typeof key === 'string' && Object.hasOwn(texts, key) ? texts[key] : undefined;
}

/** Sends a page with the outcome's status. */
export function sendPage(res: Response, outcome: Outcome, body: string): void {
  res
    .status(outcome.status ?? 200)
    .type('html')
    .send(body);
}
