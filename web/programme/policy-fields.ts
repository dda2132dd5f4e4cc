import { DEFAULT_POLICY } from '../../domain/policy';
import { html, type SafeHtml } from '../../domain/html';
import type { TypedForm } from '../form-values';
import { first } from '../form-values';
import { input } from '../form-controls';

// Every policy number of an AIMS as a form field named by its path (`policy.caseDeadlines.containment.major`),
// its default beside it. Left empty it means "the default"; whatever is typed goes to the API as
// it is (a number where it reads as one), so the API's own checks refuse it with their reason.

type Leaf = { path: string[]; fallback: number | string | number[] };

function leaves(value: unknown, path: string[] = []): Leaf[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => leaves(inner, [...path, key]));
  }
  return [{ path, fallback: value as Leaf['fallback'] }];
}

const POLICY_LEAVES = leaves(DEFAULT_POLICY);
const fieldName = (leaf: Leaf) => `policy.${leaf.path.join('.')}`;
const shown = (value: Leaf['fallback']) => (Array.isArray(value) ? value.join(', ') : String(value));
/** "caseDeadlines.containment.major" → "case deadlines › containment › major". */
const labelOf = (leaf: Leaf) => leaf.path.map((p) => p.replace(/([A-Z])/g, ' $1').toLowerCase()).join(' › ');

/** The policy fields, each showing what was typed, or else the value in force when it differs from the default. */
export function policyFields(typed: TypedForm | undefined, inForce?: unknown): SafeHtml {
  const current = new Map(inForce ? leaves(inForce).map((l) => [fieldName(l), shown(l.fallback)]) : []);
  return html`<fieldset>
    <legend>Policy (leave a field empty for its default)</legend>
    ${POLICY_LEAVES.map((leaf) => {
      const name = fieldName(leaf);
      const recorded = current.get(name);
      return input({
        id: `aims-${name}`,
        name,
        label: labelOf(leaf),
        hint: `default ${shown(leaf.fallback)}`,
        value: typed ? first(typed[name]) : recorded !== shown(leaf.fallback) ? recorded : undefined,
      });
    })}
  </fieldset>`;
}

const asNumber = (text: string): number | string => (/^-?\d+$/.test(text) ? Number(text) : text);

/** The overrides a form typed, as the API's `policy` object: only the fields filled in. */
export function policyOverrides(typed: TypedForm): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const leaf of POLICY_LEAVES) {
    const text = first(typed[fieldName(leaf)])?.trim();
    if (!text) continue;
    const value = Array.isArray(leaf.fallback)
      ? text.split(',').map((part) => asNumber(part.trim()))
      : typeof leaf.fallback === 'number'
        ? asNumber(text)
        : text;
    let target = overrides;
    for (const key of leaf.path.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[leaf.path.at(-1)!] = value;
  }
  return overrides;
}

/** The policy in force beside its defaults: one row per number. */
export function policyRows(inForce: unknown): { name: string; value: string; fallback: string }[] {
  const current = new Map(leaves(inForce).map((l) => [l.path.join('.'), shown(l.fallback)]));
  return POLICY_LEAVES.map((leaf) => ({ name: labelOf(leaf), value: current.get(leaf.path.join('.')) ?? '', fallback: shown(leaf.fallback) }));
}
