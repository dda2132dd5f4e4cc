import type { ApiPath } from '../api/routes';
import type { Db } from '../db/database';
import { getAuditScope, listAuditResultEvidence, listAuditResults } from '../db/repositories/audit.repository';
import { findOpenActionId } from '../db/repositories/case.repository';
import { AUDIT_RESULTS } from '../db/tables/audits.table';
import { titleOf } from '../domain/reference/iso42001';
import { aiImpactAssessmentForm, aiRiskAssessmentForm } from './ai/assessment-forms';
import { all, first, type TypedForm } from './form-values';
import type { ApiRequest, FormField, StepForm } from './step-form-types';
import type { ListedTask } from '../services/task-listing';

export type { ApiRequest, FormField, StepForm } from './step-form-types';

const asBoolean = (value: string | string[] | undefined) => (first(value) === undefined ? undefined : first(value) === 'yes');
const fixed = (fields: FormField[]) => async () => fields;
const text = (name: string, label: string): FormField => ({ name, label, type: 'textarea' });
const yesNo = (name: string, label: string, yes = 'Yes', no = 'No'): FormField => ({ type: 'yes-no', name, label, yes, no });

/** A form with fixed fields that makes one request to the task's item. */
function simple(
  path: ApiPath<'post'>,
  submitLabel: string,
  fields: FormField[],
  build: (task: ListedTask, f: TypedForm, db: Db) => Promise<Omit<ApiRequest, 'path'>> | Omit<ApiRequest, 'path'>,
): StepForm {
  return { fields: fixed(fields), submitLabel, requests: async (task, f, db) => [{ path, ...(await build(task, f, db)) }] };
}

const METHODS = [
  { value: 'five_whys', text: '5 whys' },
  { value: 'fishbone', text: 'Fishbone (Ishikawa)' },
  { value: 'fault_tree', text: 'Fault tree' },
  { value: 'pareto', text: 'Pareto' },
  { value: 'other', text: 'Other' },
] as const;
const PLAN_ROWS = [1, 2, 3];

const rootCauseForm = simple(
  '/cases/:id/root-cause',
  'Submit root cause and plan',
  [
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
  (task, f) => ({
    params: { id: task.itemId },
    body: {
      method: first(f.method),
      causes: (first(f.causes) ?? '')
        .split(/\r?\n/)
        .map((c) => c.trim())
        .filter(Boolean),
      similarExist: asBoolean(f.similarExist),
      similarDetails: first(f.similarDetails) ?? '',
      // Rows left blank are not actions; a half-filled row is sent as it is and refused with its field named.
      actions: PLAN_ROWS.filter((n) => first(f[`action${n}Title`])?.trim() || first(f[`action${n}Owner`]) || first(f[`action${n}Due`])).map((n) => ({
        title: first(f[`action${n}Title`]),
        ownerId: first(f[`action${n}Owner`]),
        dueDate: first(f[`action${n}Due`]),
      })),
    },
  }),
);

const planApprovalForm = simple(
  '/cases/:id/plan-decision',
  'Decide',
  [
    yesNo('approve', 'Decision', 'Approve the plan', 'Send it back to root cause'),
    { type: 'person', name: 'verifierId', label: 'Verifier of effectiveness (neither the case owner nor an action owner)', optional: true },
    { type: 'textarea', name: 'comment', label: 'Comment', optional: true },
  ],
  (task, f) => ({
    params: { id: task.itemId },
    body: { approve: asBoolean(f.approve), verifierId: first(f.verifierId) || null, comment: first(f.comment) ?? '' },
  }),
);

/** The open action of the case that this task tracks. */
async function actionOf(task: ListedTask, db: Db) {
  const actionId = await findOpenActionId(db, { caseId: task.itemId, taskId: task.id });
  return { id: task.itemId, actionId: actionId ?? '' };
}

const RESULT_LABELS: Record<(typeof AUDIT_RESULTS)[number], string> = {
  conforming: 'Conforming',
  minor_nc: 'Minor nonconformity',
  major_nc: 'Major nonconformity',
  observation: 'Observation',
  opportunity: 'Opportunity for improvement',
};

/** The checklist: one group per scope item, filled with what is recorded so far. */
const fieldworkForm: StepForm = {
  submitLabel: 'Save the results',
  fields: async (task, db) => {
    const [scope, recorded] = await Promise.all([getAuditScope(db, task.itemId), listAuditResults(db, task.itemId)]);
    const byItem = new Map(recorded.map((r) => [r.item_id, r]));
    return [
      ...scope.map((item): FormField => ({
        type: 'group',
        legend: `${item} ${titleOf(item) ?? ''}`.trim(),
        fields: [
          {
            type: 'choice',
            name: `result:${item}`,
            label: 'Result',
            options: AUDIT_RESULTS.map((r) => ({ value: r, text: RESULT_LABELS[r] })),
            optional: true,
            value: byItem.get(item)?.result,
          },
          { type: 'textarea', name: `evidence:${item}`, label: 'Evidence', optional: true, value: byItem.get(item)?.evidence },
          { type: 'person', name: `owner:${item}`, label: 'Owner of the corrective action (nonconformities)', optional: true },
        ],
      })),
      { type: 'checkbox', name: 'complete', label: 'Close fieldwork now (every item has a result; each nonconformity opens a case)' },
    ];
  },
  requests: async (task, f, db) => {
    const [scope, recorded] = await Promise.all([getAuditScope(db, task.itemId), listAuditResultEvidence(db, task.itemId)]);
    const before = new Map(recorded.map((r) => [r.item_id, r]));
    // Only what is new or changed is recorded: an item saved earlier keeps its corrective-action
    // owner (the form does not show it back) unless the auditor changes the item.
    const changed = (item: string) => {
      const was = before.get(item);
      return !was || was.result !== first(f[`result:${item}`]) || was.evidence !== (first(f[`evidence:${item}`]) ?? '') || Boolean(first(f[`owner:${item}`]));
    };
    const results = scope
      .filter((item) => first(f[`result:${item}`]) && changed(item))
      .map((item) => ({
        itemId: item,
        result: first(f[`result:${item}`]),
        evidence: first(f[`evidence:${item}`]) ?? '',
        ownerId: first(f[`owner:${item}`]) || null,
      }));
    const requests: ApiRequest[] = [];
    if (results.length > 0) requests.push({ path: '/audits/:id/results', params: { id: task.itemId }, body: { results } });
    if (first(f.complete)) requests.push({ path: '/audits/:id/fieldwork-completion', params: { id: task.itemId }, body: {} });
    return requests;
  },
};

const containmentForm = simple('/cases/:id/containment', 'Submit containment', [text('correction', 'Correction and containment done')], (t, f) => ({
  params: { id: t.itemId },
  body: { correction: first(f.correction) },
}));

const actionForm = simple(
  '/cases/:id/actions/:actionId/completion',
  'Report done',
  [text('evidence', 'Evidence that the action is done')],
  async (t, f, db) => ({
    params: await actionOf(t, db),
    body: { evidence: first(f.evidence) },
  }),
);

const effectivenessForm = simple(
  '/cases/:id/effectiveness',
  'Record the review',
  [yesNo('effective', 'Were the actions effective?', 'Yes, effective', 'No, back to root cause'), text('evidence', 'Evidence of the review')],
  (t, f) => ({ params: { id: t.itemId }, body: { effective: asBoolean(f.effective), evidence: first(f.evidence) } }),
);

const auditTeamForm = simple(
  '/audits/:id/team',
  'Name the team',
  [
    { type: 'person', name: 'leadAuditorId', label: 'Lead auditor (not from an audited department)' },
    { type: 'person', name: 'auditeeIds', label: 'Auditees (they are notified)', many: true },
  ],
  (t, f) => ({ params: { id: t.itemId }, body: { leadAuditorId: first(f.leadAuditorId), auditeeIds: all(f.auditeeIds) } }),
);

const reportForm = simple('/audits/:id/report', 'Submit the report', [text('summary', 'Summary of the audit (it goes to management)')], (t, f) => ({
  params: { id: t.itemId },
  body: { summary: first(f.summary) },
}));

const reviewInputForm = simple('/reviews/:id/inputs/:inputId', 'Submit input', [text('text', 'Your input for the review')], (t, f) => ({
  params: { id: t.itemId, inputId: t.step.slice('input_'.length) },
  body: { text: first(f.text) },
}));

const reviewActionForm = simple('/reviews/:id/actions/:taskId/completion', 'Report done', [text('evidence', 'Evidence that the action is done')], (t, f) => ({
  params: { id: t.itemId, taskId: t.id },
  body: { evidence: first(f.evidence) },
}));

const certificationTaskForm = simple('/aims/:id/certification/tasks/:taskId/complete', 'Mark done', [], (t) => ({
  params: { id: t.aimsId, taskId: t.id },
  body: {},
}));

/** The risk owner approves a submitted AI risk or impact assessment (`approve:risk`, `approve:impact`). */
const aiApprovalForm = simple('/ai-systems/:id/approvals/:kind', 'Approve', [], (t) => ({
  params: { id: t.itemId, kind: t.step.slice('approve:'.length) },
  body: {},
}));

const aiTreatmentForm = simple('/ai-systems/:id/treatment-actions/:taskId/complete', 'Mark done', [], (t) => ({
  params: { id: t.itemId, taskId: t.id },
  body: {},
}));

/** An approver approves the document's version in review, or rejects it with the reason (which goes back to the owner). */
const documentDecisionForm: StepForm = {
  fields: fixed([
    yesNo('approve', 'Do you approve this version?', 'Approve', 'Reject'),
    { type: 'textarea', name: 'reason', label: 'If you reject it: the reason (it goes to the owner)', optional: true },
  ]),
  submitLabel: 'Decide',
  requests: async (t, f) =>
    asBoolean(f.approve) === false
      ? [{ path: '/documents/:id/reject', params: { id: t.itemId }, body: { reason: first(f.reason) ?? '' } }]
      : [{ path: '/documents/:id/approve', params: { id: t.itemId }, body: {} }],
};

/** The owner's review or revision: a version (its link and what changed) goes to the approvers. */
const documentVersionForm = simple(
  '/documents/:id/versions',
  'Submit for approval',
  [{ type: 'text', name: 'link', label: 'Link to the version (https://…)' }, text('changeSummary', 'What changed (or "reviewed, no change")')],
  (t, f) => ({ params: { id: t.itemId }, body: { link: first(f.link) ?? '', changeSummary: first(f.changeSummary) ?? '' } }),
);

const documentAcknowledgementForm = simple('/documents/:id/acknowledgements', 'I have read it', [], (t) => ({ params: { id: t.itemId }, body: {} }));

/** The owner records a supplier's review; a failed one raises a nonconformity. */
const supplierReviewForm = simple(
  '/suppliers/:id/reviews',
  'Record the review',
  [
    {
      type: 'choice',
      name: 'outcome',
      label: 'Outcome',
      options: [
        { value: 'pass', text: 'Pass' },
        { value: 'conditional', text: 'Conditional' },
        { value: 'fail', text: 'Fail (raises a nonconformity)' },
      ],
    },
    text('findings', 'Findings'),
  ],
  (t, f) => ({ params: { id: t.itemId }, body: { outcome: first(f.outcome) ?? '', findings: first(f.findings) ?? '' } }),
);

const FORMS: Record<string, StepForm> = {
  'nc_case/containment': containmentForm,
  'nc_case/root_cause': rootCauseForm,
  'nc_case/plan_approval': planApprovalForm,
  'nc_case/action': actionForm,
  'nc_case/effectiveness': effectivenessForm,
  'audit/audit_team': auditTeamForm,
  'audit/fieldwork': fieldworkForm,
  'audit/report': reportForm,
  'management_review/input': reviewInputForm,
  'management_review/decision_action': reviewActionForm,
};

/** The form that completes a task's step from the inbox, or null where there is none. */
export function stepFormFor(task: ListedTask): StepForm | null {
  if (task.kind === 'certification') return certificationTaskForm;
  if (task.kind === 'ai_system' && task.step.startsWith('approve:')) return aiApprovalForm;
  if (task.kind === 'ai_system' && task.step.startsWith('treat:')) return aiTreatmentForm;
  if (task.kind === 'ai_system' && task.step === 'assess:risk') return aiRiskAssessmentForm;
  if (task.kind === 'ai_system' && task.step === 'assess:impact') return aiImpactAssessmentForm;
  if (task.kind === 'supplier') return supplierReviewForm;
  if (task.kind === 'document' && task.step.startsWith('approve:')) return documentDecisionForm;
  if (task.kind === 'document' && task.step.startsWith('acknowledge:')) return documentAcknowledgementForm;
  if (task.kind === 'document' && (task.step === 'review' || task.step.startsWith('revise:'))) return documentVersionForm;
  const step = task.kind === 'management_review' && task.step.startsWith('input_') ? 'input' : task.step;
  return FORMS[`${task.kind}/${step}`] ?? null;
}
