import { html, type SafeHtml } from '../domain/html';
import type { TypedForm } from './form-values';

// Labelled form controls for the programme manager's pages. Each shows what was typed when a
// submission came back refused, else what the record holds, so nothing typed is lost.

export interface Option {
  value: string;
  text: string;
}

interface Common {
  /** Unique on the page: a form's prefix and the field's name. */
  id: string;
  name: string;
  label: string;
  /** What was typed (a refused submission) or else what is recorded. */
  value?: string | string[];
  required?: boolean;
  /** Said beside the label (a default, a format). */
  hint?: string;
}

const labelOf = (c: Common) => html`<label for="${c.id}">${c.label}${c.hint ? html` <span class="muted">(${c.hint})</span>` : ''}</label>`;
const valuesOf = (value: string | string[] | undefined) => [value ?? []].flat();
const requiredAttr = (required: boolean | undefined) => (required ? html` required` : '');

export function input(c: Common & { type?: 'text' | 'date' | 'number' }): SafeHtml {
  return html`<p>
    ${labelOf(c)}<input id="${c.id}" name="${c.name}" type="${c.type ?? 'text'}" value="${valuesOf(c.value)[0] ?? ''}" ${requiredAttr(c.required)} />
  </p>`;
}

export function textarea(c: Common): SafeHtml {
  return html`<p>${labelOf(c)}<textarea id="${c.id}" name="${c.name}" ${requiredAttr(c.required)}>${valuesOf(c.value)[0] ?? ''}</textarea></p>`;
}

export function select(c: Common & { options: readonly Option[]; multiple?: boolean; placeholder?: string }): SafeHtml {
  const chosen = valuesOf(c.value);
  const empty = c.multiple ? '' : html`<option value="">${c.placeholder ?? 'Choose…'}</option>`;
  return html`<p>
    ${labelOf(c)}<select id="${c.id}" name="${c.name}" ${c.multiple ? html` multiple size="5"` : ''}${requiredAttr(c.required)}>
      ${empty}${c.options.map((o) => html`<option value="${o.value}" ${chosen.includes(o.value) ? html` selected` : ''}>${o.text}</option>`)}
    </select>
  </p>`;
}

/** Options from an enum's values, read as words ("internal_audit" → "internal audit"). */
export const wordOptions = (values: readonly string[]): Option[] => values.map((v) => ({ value: v, text: v.replaceAll('_', ' ') }));

/** What a refused form sent back under a name, if this form was the one refused; else the fallback. */
export function typedOr(typed: TypedForm | undefined, name: string, fallback?: string | string[]): string | string[] | undefined {
  return typed ? typed[name] : fallback;
}
