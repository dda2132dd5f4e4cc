import { AI_CHANGE_KINDS } from '../../domain/ai-system';
import { html, type SafeHtml } from '../../domain/html';
import { select, textarea, typedOr, wordOptions } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';
import type { AiSystemAnswer } from '../ai-system-view';
import { factFields } from './fact-fields';

/** The forms of an AI system's page, each posted to the API's own command through `postForm`. */
export const AI_SYSTEM_FORMS = { update: 'ai-update', change: 'ai-change', retire: 'ai-retire' } as const;

/**
 * An active system's page carries its update, significant-change and retirement forms; who may
 * use them the API decides (a refusal comes back beside the form). A retired one has none.
 */
export function aiSystemForms(system: AiSystemAnswer, c: { people: { id: string; name: string }[]; outcome: Outcome }): SafeHtml {
  if (system.status !== 'active') return html``;
  const people = c.people.map((p) => ({ value: p.id, text: p.name }));
  const action = (path: string) => `/ui/ai-systems/${system.id}/${path}`;
  const changeTyped = typedFor(c.outcome, AI_SYSTEM_FORMS.change);
  const retireTyped = typedFor(c.outcome, AI_SYSTEM_FORMS.retire);
  return html`${formCard(c.outcome, {
    form: AI_SYSTEM_FORMS.change,
    title: 'Record a significant change',
    action: action('significant-changes'),
    submit: 'Record the change',
    fields: [
      html`<p class="muted">A significant change opens a reassessment at once (an open one covers it).</p>`,
      select({
        id: 'chg-kind',
        name: 'kind',
        label: 'Kind of change',
        options: wordOptions(AI_CHANGE_KINDS),
        value: first(typedOr(changeTyped, 'kind')),
        required: true,
      }),
      textarea({ id: 'chg-description', name: 'description', label: 'What changed', value: first(typedOr(changeTyped, 'description')), required: true }),
    ],
  })}
  ${formCard(c.outcome, {
    form: AI_SYSTEM_FORMS.update,
    title: 'Change the register entry',
    action: action('update'),
    submit: 'Save the changes',
    fields: factFields('upd', people, typedFor(c.outcome, AI_SYSTEM_FORMS.update), system),
  })}
  ${formCard(c.outcome, {
    form: AI_SYSTEM_FORMS.retire,
    title: 'Retire the system',
    action: action('retire'),
    submit: 'Retire the system',
    fields: [
      html`<p class="muted">Its open tasks are cancelled and no assessment is planned any more; the record is kept.</p>`,
      textarea({ id: 'ret-reason', name: 'reason', label: 'Reason', value: first(typedOr(retireTyped, 'reason')), required: true }),
    ],
  })}`;
}
