import type { ApiPath } from '../api/routes';
import type { Db } from '../db/database';
import type { ListedTask } from '../services/task-listing';
import type { TypedForm } from './form-values';

// The shapes of the inbox's step forms (`step-forms.ts` says which step has which).

export type FormField =
  | { type: 'textarea' | 'lines' | 'text' | 'date'; name: string; label: string; optional?: boolean; value?: string }
  | { type: 'yes-no'; name: string; label: string; yes: string; no: string }
  /** `many`: several may be chosen (a multiple select). */
  | { type: 'choice'; name: string; label: string; options: readonly { value: string; text: string }[]; optional?: boolean; value?: string; many?: boolean }
  /** One of the active people; `many` for a list of them. */
  | { type: 'person'; name: string; label: string; optional?: boolean; many?: boolean; value?: string }
  | { type: 'checkbox'; name: string; label: string }
  | { type: 'group'; legend: string; fields: FormField[] };

/** One call of an API route (always POST) that a form turns into. */
export interface ApiRequest {
  path: ApiPath<'post'>;
  params: Record<string, string>;
  body: unknown;
}

/**
 * How a step is submitted from a page: the fields a person fills in (fixed, or read for the
 * task, such as an audit's scope), and the API requests the form turns into. Each request then
 * runs through its route exactly as the API would; the first refusal stops the rest.
 */
export interface StepForm {
  fields: (task: ListedTask, db: Db) => Promise<FormField[]>;
  submitLabel: string;
  requests: (task: ListedTask, form: TypedForm, db: Db) => Promise<ApiRequest[]>;
}
