import type { Db } from '../db/database';
import type { ListedTask } from '../services/task-listing';

export interface FormField {
  name: string;
  label: string;
  type: 'textarea' | 'yes-no';
}

/**
 * How a step is submitted from a page: the fields a person fills in, and the API route (method,
 * path, params, JSON body) the form turns into. The route then checks and runs it exactly as the
 * API does. Steps with a structured form of their own (root cause with its action plan, plan
 * approval, audit team, checklist results) are done through the API for now.
 */
export interface StepForm {
  fields: FormField[];
  submitLabel: string;
  path: string;
  params: (task: ListedTask, db: Db) => Promise<Record<string, string>>;
  body: (form: Record<string, string | undefined>) => unknown;
}

const text = (name: string, label: string): FormField => ({ name, label, type: 'textarea' });
const item = async (task: ListedTask) => ({ id: task.itemId });

/** The open action of the case this task tracks: same case, owner and title, latest iteration. */
async function actionOf(task: ListedTask, db: Db) {
  const action = await db
    .selectFrom('nc_actions')
    .select('id')
    .where('case_id', '=', task.itemId)
    .where('owner_id', '=', task.ownerId)
    .where('title', '=', task.title)
    .where('status', '=', 'open')
    .orderBy('iteration', 'desc')
    .executeTakeFirst();
  return { id: task.itemId, actionId: action?.id ?? '' };
}

export function stepFormFor(task: ListedTask): StepForm | null {
  if (task.kind === 'nc_case' && task.step === 'containment') {
    return { fields: [text('correction', 'Correction and containment done')], submitLabel: 'Submit containment', path: '/cases/:id/containment', params: item, body: (f) => ({ correction: f.correction }) };
  }
  if (task.kind === 'nc_case' && task.step === 'action') {
    return { fields: [text('evidence', 'Evidence that the action is done')], submitLabel: 'Report done', path: '/cases/:id/actions/:actionId/completion', params: actionOf, body: (f) => ({ evidence: f.evidence }) };
  }
  if (task.kind === 'nc_case' && task.step === 'effectiveness') {
    return {
      fields: [{ name: 'effective', label: 'Were the actions effective?', type: 'yes-no' }, text('evidence', 'Evidence of the review')],
      submitLabel: 'Record the review',
      path: '/cases/:id/effectiveness',
      params: item,
      body: (f) => ({ effective: f.effective === undefined ? undefined : f.effective === 'yes', evidence: f.evidence }),
    };
  }
  if (task.kind === 'management_review' && task.step.startsWith('input_')) {
    return { fields: [text('text', 'Your input for the review')], submitLabel: 'Submit input', path: '/reviews/:id/inputs/:inputId', params: async (t) => ({ id: t.itemId, inputId: t.step.slice('input_'.length) }), body: (f) => ({ text: f.text }) };
  }
  if (task.kind === 'management_review' && task.step === 'decision_action') {
    return { fields: [text('evidence', 'Evidence that the action is done')], submitLabel: 'Report done', path: '/reviews/:id/actions/:taskId/completion', params: async (t) => ({ id: t.itemId, taskId: t.id }), body: (f) => ({ evidence: f.evidence }) };
  }
  if (task.kind === 'certification') {
    return { fields: [], submitLabel: 'Mark done', path: '/aims/:id/certification/tasks/:taskId/complete', params: async (t) => ({ id: t.aimsId, taskId: t.id }), body: () => ({}) };
  }
  return null;
}
