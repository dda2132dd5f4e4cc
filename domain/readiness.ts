import type { AiAssessmentKind, AssessmentCycle } from './ai-system';
import type { AuditResult } from './audit';

/**
 * The gap assessment's rules: what the record shows about one clause or applicable Annex A
 * control (its facts), turned into a readiness status with the reasons behind it, scores, and
 * the order in which to remediate. Pure: `services/readiness.ts` gathers the facts.
 *
 * Status of an item, from its facts (each fact gives one reason, worst first):
 *   gap      no document (not retired) addresses it; or an open major nonconformity against it;
 *            or its last audit result was a major nonconformity.
 *   partial  documents address it but none is approved and current (approved, its review not
 *            past due); or an open minor nonconformity; or its last audit result was a minor
 *            nonconformity; or it was never audited; or, where AI system assessments apply
 *            (risk: 6.1, 8.2; impact: 6.1, 8.4, A.5.2–A.5.5), an active AI system lacks a
 *            current one of the kinds the item needs (never approved, or its reassessment is
 *            past due and not approved), each such system named; or no AI system is registered.
 *   ready    none of these.
 * Scores: ready 100, partial 50, gap 0; a group's score (clauses 4 to 10, Annex A) and the
 * overall score are the rounded mean of their items'.
 * Remediation order (impact on certification): gaps before partial items; within each, the
 * mandatory clauses (4–10) before Annex A controls; then more gap reasons first, then more
 * partial reasons; then the standard's order.
 */

/** The id of an AIMS's one `readinessSnapshotWorkflow`. */
export const readinessSnapshotWorkflowId = (aimsId: string) => `readiness-snapshots-${aimsId}`;

export const READINESS_STATUSES = ['ready', 'partial', 'gap'] as const;
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];

/**
 * Where each AI system's assessments count, and which: the risk assessment (6.1.2, 8.2), the
 * impact assessment (6.1.4, 8.4 and the impact assessment controls A.5.2–A.5.5).
 */
export const ASSESSMENTS_NEEDED: Readonly<Record<string, readonly AiAssessmentKind[]>> = {
  '6.1': ['risk', 'impact'],
  '8.2': ['risk'],
  '8.4': ['impact'],
  'A.5.2': ['impact'],
  'A.5.3': ['impact'],
  'A.5.4': ['impact'],
  'A.5.5': ['impact'],
};

/** An active AI system without a current assessment of a kind an item needs, and why. */
export interface SystemLackingAssessment {
  systemId: string;
  name: string;
  /** What is missing: "risk assessment overdue since 2027-02-01", "impact assessment never approved". */
  why: string[];
}

export interface ReadinessFacts {
  id: string;
  kind: 'clause' | 'control';
  documents: { addressing: number; current: number };
  lastAudit: { result: AuditResult; on: string } | null;
  openNcs: { major: number; minor: number };
  /** Null where assessments do not apply to the item; else the kinds it needs, the active systems and those lacking one. */
  assessments: { needed: AiAssessmentKind[]; systems: number; lacking: SystemLackingAssessment[] } | null;
}

/**
 * What a system lacks of the `needed` assessments as of `today`: for each kind, none approved yet
 * (no completed cycle, and the open one's not approved), or its open reassessment past due and
 * that kind not approved in it. Empty: every needed kind is current.
 */
export function missingAssessments(
  system: { current: AssessmentCycle | null; completed: readonly AssessmentCycle[] },
  needed: readonly AiAssessmentKind[],
  today: string,
): string[] {
  const open = system.current;
  return needed.flatMap((kind) => {
    const approvedInOpen = Boolean(open?.[kind]?.approvedAt);
    if (open && open.dueDate < today && !approvedInOpen) return [`${kind} assessment overdue since ${open.dueDate}`];
    if (system.completed.length === 0 && !approvedInOpen) return [`${kind} assessment never approved`];
    return [];
  });
}

export interface Reason {
  weight: ReadinessStatus;
  text: string;
}

export interface ItemReadiness {
  id: string;
  kind: 'clause' | 'control';
  status: ReadinessStatus;
  score: number;
  reasons: Reason[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Every fact of the item as a reason, then its status: the worst of them. */
export function assessItem(f: ReadinessFacts): ItemReadiness {
  const reasons: Reason[] = [];
  const { addressing, current } = f.documents;
  if (addressing === 0) reasons.push({ weight: 'gap', text: 'no document addresses it' });
  else if (current === 0) reasons.push({ weight: 'partial', text: `${plural(addressing, 'document')} address it, none approved and current` });
  else reasons.push({ weight: 'ready', text: `${plural(current, 'approved and current document')}` });
  if (f.openNcs.major > 0) reasons.push({ weight: 'gap', text: `${plural(f.openNcs.major, 'open major nonconformity', 'open major nonconformities')}` });
  if (f.openNcs.minor > 0) reasons.push({ weight: 'partial', text: `${plural(f.openNcs.minor, 'open minor nonconformity', 'open minor nonconformities')}` });
  if (!f.lastAudit) reasons.push({ weight: 'partial', text: 'never audited' });
  else if (f.lastAudit.result === 'major_nc') reasons.push({ weight: 'gap', text: `last audited ${f.lastAudit.on}: major nonconformity` });
  else if (f.lastAudit.result === 'minor_nc') reasons.push({ weight: 'partial', text: `last audited ${f.lastAudit.on}: minor nonconformity` });
  else reasons.push({ weight: 'ready', text: `last audited ${f.lastAudit.on}: ${f.lastAudit.result.replace('_', ' ')}` });
  if (f.assessments) {
    const { needed, systems, lacking } = f.assessments;
    const kinds = `${needed.join(' and ')} assessment${needed.length > 1 ? 's' : ''}`;
    if (systems === 0) reasons.push({ weight: 'partial', text: 'no AI system registered to assess' });
    else if (lacking.length > 0) {
      const named = lacking.map((s) => `${s.name} (${s.why.join('; ')})`).join(', ');
      reasons.push({ weight: 'partial', text: `${lacking.length} of ${plural(systems, 'AI system')} without a current ${kinds}: ${named}` });
    } else reasons.push({ weight: 'ready', text: `${kinds} current for ${plural(systems, 'AI system')}` });
  }
  const status: ReadinessStatus = reasons.some((r) => r.weight === 'gap') ? 'gap' : reasons.some((r) => r.weight === 'partial') ? 'partial' : 'ready';
  reasons.sort((a, b) => rank(a.weight) - rank(b.weight));
  return { id: f.id, kind: f.kind, status, score: SCORE[status], reasons };
}

const SCORE: Record<ReadinessStatus, number> = { ready: 100, partial: 50, gap: 0 };
const rank = (s: ReadinessStatus) => ({ gap: 0, partial: 1, ready: 2 })[s];

/** The group an item's score counts in: its top-level clause (4 … 10), or Annex A. */
export const groupOf = (item: { id: string; kind: 'clause' | 'control' }) => (item.kind === 'control' ? 'A' : item.id.split('.')[0]!);

const mean = (values: number[]) => (values.length === 0 ? 0 : Math.round(values.reduce((a, b) => a + b, 0) / values.length));

/** The overall score and one per group, each the rounded mean of its items' scores. */
export function scoresOf(items: ItemReadiness[]): { overall: number; groups: { group: string; score: number; items: number }[] } {
  const groups = new Map<string, number[]>();
  for (const item of items) groups.set(groupOf(item), [...(groups.get(groupOf(item)) ?? []), item.score]);
  return {
    overall: mean(items.map((i) => i.score)),
    groups: [...groups].map(([group, scores]) => ({ group, score: mean(scores), items: scores.length })),
  };
}

/** The items to remediate, in the documented order; `order` gives each item's place in the standard. */
export function remediationOrder(items: ItemReadiness[], order: (a: string, b: string) => number): ItemReadiness[] {
  const count = (i: ItemReadiness, w: ReadinessStatus) => i.reasons.filter((r) => r.weight === w).length;
  return items
    .filter((i) => i.status !== 'ready')
    .sort(
      (a, b) =>
        rank(a.status) - rank(b.status) ||
        (a.kind === 'clause' ? 0 : 1) - (b.kind === 'clause' ? 0 : 1) ||
        count(b, 'gap') - count(a, 'gap') ||
        count(b, 'partial') - count(a, 'partial') ||
        order(a.id, b.id),
    );
}
