import { html, type SafeHtml } from '../../domain/html';
import { textarea, typedOr } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';

/** The retirement form of a document's or supplier's page; `postForm` sends it to the API's own `retire` command. */
export const RETIRE_FORM = 'retire';

/**
 * One retirement form for every register item that has a `retire` command: who may retire it the
 * API decides (a refusal comes back beside the form); a retired item has no form.
 */
function retireForm(what: 'document' | 'supplier', item: { id: string; status: string }, c: { outcome: Outcome }): SafeHtml {
  if (item.status === 'retired') return html``;
  const typed = typedFor(c.outcome, RETIRE_FORM);
  const effect =
    what === 'document'
      ? 'Its open reviews, approvals and acknowledgements are cancelled and no review is planned any more; its versions are kept.'
      : 'Its open review is cancelled and no review is planned any more; its record is kept.';
  return formCard(c.outcome, {
    form: RETIRE_FORM,
    title: `Retire the ${what}`,
    action: `/ui/${what}s/${item.id}/retire`,
    submit: `Retire the ${what}`,
    fields: [
      html`<p class="muted">${effect}</p>`,
      textarea({ id: `${what}-retire-reason`, name: 'reason', label: 'Reason', value: first(typedOr(typed, 'reason')), required: true }),
    ],
  });
}

export const documentForms = (d: { id: string; status: string }, c: { outcome: Outcome }) => retireForm('document', d, c);
export const supplierForms = (s: { id: string; status: string }, c: { outcome: Outcome }) => retireForm('supplier', s, c);
