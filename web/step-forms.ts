import type { Db } from '../db/database';
import type { ListedTask } from '../services/task-listing';

export type FormField =
  | { type: 'textarea' | 'lines' | 'text' | 'date'; name: string; label: string; optional?: boolean }
  | { type: 'yes-no'; name: string; label: string; yes: string; no: string }
  | { type: 'choice'; name: string; label: string; options: readonly { value: string; text: string }[] }
  /** One of the active people. */
  | { type: 'person'; name: string; label: string; optional?: boolean }
  | { type: 'group'; legend: string; fields: FormField[] };

/**
 * How a step is submitted from a page: the fields a person fills in, and the API route (method,
 * path, params, JSON body) the form turns into. The route then checks and runs it exactly as the
 * API does. The audit's own steps (team, checklist results, report) are done through the API for
 * now: the auditor works from the audit, not from an inbox.
 */
export interface StepForm {
  fields: FormField[];
  submitLabel: string;
  path: string;
  params: (task: ListedTask, db: Db) => Promise<Record<string, string>>;
  body: (form: Record<string, string | undefined>) => unknown;
}

const text = (name: string, label: string): FormField => ({ name, label, type: 'textarea' });
const yesNo = (name: string, label: string, yes = 'Yes', no = 'No'): FormField => ({ type: 'yes-no', name, label, yes, no });
const asBoolean = (value: string | undefined) => (value === undefined ? undefined : value === 'yes');

const METHODS = [
  { value: 'five_whys', text: '5 whys' },
  { value: 'fishbone', text: 'Fishbone (Ishikawa)' },
  { value: 'fault_tree', text: 'Fault tree' },
  { value: 'pareto', text: 'Pareto' },
  { value: 'other', text: 'Other' },
] as const;
const PLAN_ROWS = [1, 2, 3];

const rootCauseForm: StepForm = {
  fields: [
    { type: 'choice', name: 'method', label: 'Method', options: METHODS },
    { type: 'lines', name: 'causes', label: 'Causes (one per line)' },
    yesNo('similarExist', 'Do similar nonconformities exist, or could they occur?'),
    { type: 'textarea', name: 'similarDetails', label: 'Where (if they do)', optional: true },
    ...PLAN_ROWS.map((n): FormField => ({
      type: 'group',
      legend: `Action ${n}${n > 1 ? ' (optional)' : ''}`,
      fields: [
        { type: 'text', name: `action${n}Title`, label: 'What will be done', optional: n > 1 },
        { type: 'person', name: `action${n}Owner`, label: 'Owner', optional: n > 1 },
        { type: 'date', name: `action${n}Due`, label: 'Due date', optional: n > 1 },
      ],
    })),
  ],
  submitLabel: 'Submit root cause and plan',
  path: '/cases/:id/root-cause',
  params: async (task) => ({ id: task.itemId }),
  body: (f) => ({
    method: f.method,
    causes: (f.causes ?? '').split(/\r?\n/).map((c) => c.trim()).filter(Boolean),
    similarExist: asBoolean(f.similarExist),
    similarDetails: f.similarDetails ?? '',
    // Rows left blank are not actions; a half-filled row is sent as it is and refused with its field named.
    actions: PLAN_ROWS.filter((n) => f[`action${n}Title`]?.trim() || f[`action${n}Owner`] || f[`action${n}Due`]).map((n) => ({
      title: f[`action${n}Title`],
      ownerId: f[`action${n}Owner`],
      dueDate: f[`action${n}Due`],
    })),
  }),
};

const planApprovalForm: StepForm = {
  fields: [
    yesNo('approve', 'Decision', 'Approve the plan', 'Send it back to root cause'),
    { type: 'person', name: 'verifierId', label: 'Verifier of effectiveness (not the case owner)', optional: true },
    { type: 'textarea', name: 'comment', label: 'Comment', optional: true },
  ],
  submitLabel: 'Decide',
  path: '/cases/:id/plan-decision',
  params: async (task) => ({ id: task.itemId }),
  body: (f) => ({ approve: asBoolean(f.approve), verifierId: f.verifierId || null, comment: f.comment ?? '' }),
};
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
  if (task.kind === 'nc_case' && task.step === 'root_cause') return rootCauseForm;
  if (task.kind === 'nc_case' && task.step === 'plan_approval') return planApprovalForm;
  if (task.kind === 'nc_case' && task.step === 'action') {
    return { fields: [text('evidence', 'Evidence that the action is done')], submitLabel: 'Report done', path: '/cases/:id/actions/:actionId/completion', params: actionOf, body: (f) => ({ evidence: f.evidence }) };
  }
  if (task.kind === 'nc_case' && task.step === 'effectiveness') {
    return {
      fields: [yesNo('effective', 'Were the actions effective?', 'Yes, effective', 'No, back to root cause'), text('evidence', 'Evidence of the review')],
      submitLabel: 'Record the review',
      path: '/cases/:id/effectiveness',
      params: item,
      body: (f) => ({ effective: asBoolean(f.effective), evidence: f.evidence }),
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
