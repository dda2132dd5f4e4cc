import { RISK_SCALE_MAX, RISK_SCALE_MIN } from '../../domain/ai-risk';
import { AI_IMPACT_DIMENSIONS, AI_IMPACT_SUBJECTS, AI_TREATMENTS } from '../../domain/ai-system';
import { all, first, type TypedForm } from '../form-values';
import type { FormField, StepForm } from '../step-form-types';

// The owner's AI risk and impact assessments from the inbox (`assess:risk`, `assess:impact`):
// a fixed number of blank rows, rows left empty ignored, and each filled row sent as typed to the
// API's own route, which judges it (levels, controls against the SoA, dates, people). A row
// missing a value is sent without it, so the refusal names the field.

export const RISK_ROWS = 5;
export const IMPACT_ROWS = 5;

const scale = Array.from({ length: RISK_SCALE_MAX - RISK_SCALE_MIN + 1 }, (_, i) => String(RISK_SCALE_MIN + i)).map((v) => ({ value: v, text: v }));
const words = (values: readonly string[]) => values.map((v) => ({ value: v, text: v.replaceAll('_', ' ') }));
const rows = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** A blank value is left out, so the API names a missing field rather than an invalid one. */
const value = (f: TypedForm, name: string): string | undefined => {
  const v = first(f[name])?.trim();
  return v ? v : undefined;
};
const numberOf = (f: TypedForm, name: string): number | string | undefined => {
  const v = value(f, name);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : v;
};
/** Row n is filled if any of its fields holds something. */
const filledRows = (f: TypedForm, prefix: string, count: number) =>
  rows(count).filter((n) => Object.entries(f).some(([k, v]) => k.startsWith(`${prefix}${n}.`) && all(v).some((x) => x.trim() !== '')));

const riskRow = (n: number): FormField => ({
  type: 'group',
  legend: `Risk ${n}${n === 1 ? '' : ' (leave empty if there is none)'}`,
  fields: [
    { type: 'text', name: `risk${n}.source`, label: 'Source (model, data, use, supplier…)', optional: true },
    { type: 'textarea', name: `risk${n}.description`, label: 'Risk', optional: true },
    { type: 'choice', name: `risk${n}.likelihood`, label: 'Likelihood (1–5)', options: scale, optional: true },
    { type: 'choice', name: `risk${n}.consequence`, label: 'Consequence (1–5)', options: scale, optional: true },
    { type: 'text', name: `risk${n}.controls`, label: 'Existing controls (Annex A ids, e.g. A.6.2.4, A.6.2.6)', optional: true },
    { type: 'choice', name: `risk${n}.treatment`, label: 'Treatment', options: words(AI_TREATMENTS), optional: true },
    { type: 'text', name: `risk${n}.actionTitle`, label: 'Treatment action (a treated risk needs one)', optional: true },
    { type: 'person', name: `risk${n}.actionOwnerId`, label: 'Action owner', optional: true },
    { type: 'date', name: `risk${n}.actionDue`, label: 'Action due', optional: true },
    { type: 'choice', name: `risk${n}.residualLikelihood`, label: 'Residual likelihood (1–5)', options: scale, optional: true },
    { type: 'choice', name: `risk${n}.residualConsequence`, label: 'Residual consequence (1–5)', options: scale, optional: true },
  ],
});

const impactRow = (n: number): FormField => ({
  type: 'group',
  legend: `Impact ${n}${n === 1 ? '' : ' (leave empty if there is none)'}`,
  fields: [
    { type: 'choice', name: `impact${n}.dimension`, label: 'Dimension', options: words(AI_IMPACT_DIMENSIONS), optional: true },
    { type: 'choice', name: `impact${n}.subjects`, label: 'Who is affected', options: words(AI_IMPACT_SUBJECTS), optional: true, many: true },
    { type: 'textarea', name: `impact${n}.description`, label: 'Impact', optional: true },
    { type: 'choice', name: `impact${n}.severity`, label: 'Severity (1–5)', options: scale, optional: true },
    { type: 'choice', name: `impact${n}.likelihood`, label: 'Likelihood (1–5)', options: scale, optional: true },
    { type: 'textarea', name: `impact${n}.mitigations`, label: 'Mitigations', optional: true },
  ],
});

function riskOf(f: TypedForm, n: number) {
  const p = `risk${n}.`;
  const actionTyped = [value(f, `${p}actionTitle`), value(f, `${p}actionOwnerId`), value(f, `${p}actionDue`)].some(Boolean);
  return {
    source: value(f, `${p}source`),
    description: value(f, `${p}description`),
    likelihood: numberOf(f, `${p}likelihood`),
    consequence: numberOf(f, `${p}consequence`),
    controls: (value(f, `${p}controls`) ?? '').split(/[\s,;]+/).filter(Boolean),
    treatment: value(f, `${p}treatment`),
    actions: actionTyped ? [{ title: value(f, `${p}actionTitle`), ownerId: value(f, `${p}actionOwnerId`), dueDate: value(f, `${p}actionDue`) }] : [],
    residualLikelihood: numberOf(f, `${p}residualLikelihood`),
    residualConsequence: numberOf(f, `${p}residualConsequence`),
  };
}

function impactOf(f: TypedForm, n: number) {
  const p = `impact${n}.`;
  return {
    dimension: value(f, `${p}dimension`),
    subjects: all(f[`${p}subjects`]),
    description: value(f, `${p}description`),
    severity: numberOf(f, `${p}severity`),
    likelihood: numberOf(f, `${p}likelihood`),
    mitigations: value(f, `${p}mitigations`) ?? '',
  };
}

/**
 * The risk assessment: up to five risks. The API's reasons name a risk by its place among the
 * filled rows, counted from 0 (`risks.1.…` is the second filled row), which the form says.
 */
export const aiRiskAssessmentForm: StepForm = {
  submitLabel: 'Submit the risk assessment',
  fields: async () => rows(RISK_ROWS).map(riskRow),
  requests: async (task, f) => [
    {
      path: '/ai-systems/:id/risk-assessment',
      params: { id: task.itemId },
      body: { risks: filledRows(f, 'risk', RISK_ROWS).map((n) => riskOf(f, n)) },
    },
  ],
};

export const aiImpactAssessmentForm: StepForm = {
  submitLabel: 'Submit the impact assessment',
  fields: async () => rows(IMPACT_ROWS).map(impactRow),
  requests: async (task, f) => [
    {
      path: '/ai-systems/:id/impact-assessment',
      params: { id: task.itemId },
      body: { impacts: filledRows(f, 'impact', IMPACT_ROWS).map((n) => impactOf(f, n)) },
    },
  ],
};
