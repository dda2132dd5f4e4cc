import type { ApiAnswer } from '../../api/routes';
import { AI_DEPLOYMENT_STATUSES, AI_LIFECYCLE_STAGES, AI_RISK_CLASSIFICATIONS, AI_ROLES } from '../../domain/ai-system';
import type { SafeHtml } from '../../domain/html';
import { input, select, textarea, typedOr, wordOptions, type Option } from '../form-controls';
import { first, type TypedForm } from '../form-values';

// The register facts of an AI system as form fields (registering, updating) and back into the
// body the API's routes take. The API judges every value; blanks go as typed so it names them.

type System = ApiAnswer<'get', '/ai-systems/:id'>;

const lines = (value: string | string[] | undefined) =>
  (first(value) ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The facts a form typed, as the register routes take them (`reassessmentMonths` blank: the policy's). */
export function factsOf(f: TypedForm) {
  const months = first(f.reassessmentMonths)?.trim();
  return {
    name: first(f.name) ?? '',
    purpose: first(f.purpose) ?? '',
    role: first(f.role),
    ownerId: first(f.ownerId),
    riskOwnerId: first(f.riskOwnerId),
    lifecycleStage: first(f.lifecycleStage),
    deploymentStatus: first(f.deploymentStatus),
    riskClassification: first(f.riskClassification),
    intendedUsers: first(f.intendedUsers) ?? '',
    affectedPeople: first(f.affectedPeople) ?? '',
    dataUsed: lines(f.dataUsed),
    thirdPartyComponents: lines(f.thirdPartyComponents),
    suppliers: lines(f.suppliers),
    reassessmentMonths: months ? (/^\d+$/.test(months) ? Number(months) : months) : null,
  };
}

/** The fact fields, showing what was typed (a refusal), else the system's record (updating), else blank. */
export function factFields(prefix: string, people: Option[], typed: TypedForm | undefined, system?: System): SafeHtml[] {
  const v = (name: string, recorded?: string | string[] | null) => first(typedOr(typed, name, recorded ?? undefined));
  const list = (name: string, recorded?: string[]) => (typed ? first(typed[name]) : recorded?.join('\n'));
  const id = (name: string) => `${prefix}-${name}`;
  return [
    input({ id: id('name'), name: 'name', label: 'Name', value: v('name', system?.name), required: true }),
    textarea({ id: id('purpose'), name: 'purpose', label: 'Purpose', value: v('purpose', system?.purpose), required: true }),
    select({ id: id('role'), name: 'role', label: 'Our role', options: wordOptions(AI_ROLES), value: v('role', system?.role), required: true }),
    select({ id: id('owner'), name: 'ownerId', label: 'Owner (assesses it)', options: people, value: v('ownerId', system?.ownerId), required: true }),
    select({
      id: id('risk-owner'),
      name: 'riskOwnerId',
      label: 'Risk owner (approves)',
      options: people,
      value: v('riskOwnerId', system?.riskOwnerId),
      required: true,
    }),
    select({
      id: id('stage'),
      name: 'lifecycleStage',
      label: 'Lifecycle stage',
      options: wordOptions(AI_LIFECYCLE_STAGES),
      value: v('lifecycleStage', system?.lifecycleStage),
      required: true,
    }),
    select({
      id: id('deployment'),
      name: 'deploymentStatus',
      label: 'Deployment',
      options: wordOptions(AI_DEPLOYMENT_STATUSES),
      value: v('deploymentStatus', system?.deploymentStatus),
      required: true,
    }),
    select({
      id: id('classification'),
      name: 'riskClassification',
      label: 'Risk classification',
      options: wordOptions(AI_RISK_CLASSIFICATIONS),
      value: v('riskClassification', system?.riskClassification),
      required: true,
    }),
    textarea({ id: id('users'), name: 'intendedUsers', label: 'Intended users', value: v('intendedUsers', system?.intendedUsers) }),
    textarea({ id: id('affected'), name: 'affectedPeople', label: 'Affected people', value: v('affectedPeople', system?.affectedPeople) }),
    textarea({ id: id('data'), name: 'dataUsed', label: 'Data used', hint: 'one per line', value: list('dataUsed', system?.dataUsed) }),
    textarea({
      id: id('components'),
      name: 'thirdPartyComponents',
      label: 'Third-party components',
      hint: 'one per line',
      value: list('thirdPartyComponents', system?.thirdPartyComponents),
    }),
    textarea({ id: id('suppliers'), name: 'suppliers', label: 'Suppliers', hint: 'one per line', value: list('suppliers', system?.suppliers) }),
    input({
      id: id('months'),
      name: 'reassessmentMonths',
      label: 'Months between planned assessments',
      hint: "blank: the AIMS's policy",
      type: 'number',
      value: v('reassessmentMonths', system?.reassessmentMonths === null || !system ? undefined : String(system.reassessmentMonths)),
    }),
  ];
}
