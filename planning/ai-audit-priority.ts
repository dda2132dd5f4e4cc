/**
 * Which clauses and controls AI systems bring into the next internal audit sooner (ISO/IEC 42001
 * 9.2.2: the importance of the processes and the results of previous audits). Pure: the
 * `prepareAudit` activity and the programme view hand it what the record says.
 *
 * Decided rule: an active AI system raises the priority of the AI assessment clauses (6.1, which
 * holds 6.1.2 AI risk assessment and 6.1.4 AI system impact assessment: the programme plans at the
 * level of the reference data, whose clauses stop at 6.1; 8.2 AI risk assessment, 8.3 AI risk
 * treatment, 8.4 AI system impact assessment) and of the Annex A controls its latest approved
 * risk assessment names as in place, when
 * - that risk assessment holds a risk whose level (before treatment) is high or critical: from the
 *   day it was approved, so that controls relied on against a serious risk are audited after each
 *   assessment; or
 * - a significant change was recorded: from the day it was recorded.
 * As with nonconformities, an item stays a priority until an audit (not cancelled) whose fieldwork
 * starts after that day has it in its scope. Controls the SoA excludes are dropped by `scopeFor`.
 */
import { compareReferenceOrder } from '../domain/reference/iso42001';

/** The clauses an AI system's assessments answer to (6.1 holding 6.1.2 and 6.1.4). */
export const AI_ASSESSMENT_CLAUSES = ['6.1', '8.2', '8.3', '8.4'] as const;

/** Risk levels (before treatment) that make a system a priority. */
export const PRIORITY_RISK_LEVELS: readonly string[] = ['high', 'critical'];

export interface AiSystemForAudit {
  /** The latest approved risk assessment: the day it was approved (AIMS date), its risks' levels and controls. */
  approvedRisk: { approvedOn: string; risks: readonly { level: string; controls: readonly string[] }[] } | null;
  /** Days (AIMS dates) significant changes were recorded. */
  changesOn: readonly string[];
}

export interface AuditForPriority {
  fieldworkStart: string;
  scope: readonly string[];
}

/** The items AI systems make a priority, in reference order. */
export function aiPriorityItems(systems: readonly AiSystemForAudit[], audits: readonly AuditForPriority[]): string[] {
  const auditedAfter = (item: string, day: string) => audits.some((a) => a.fieldworkStart > day && a.scope.includes(item));
  const items = new Set<string>();
  for (const system of systems) {
    const highRiskOn =
      system.approvedRisk && system.approvedRisk.risks.some((r) => PRIORITY_RISK_LEVELS.includes(r.level)) ? [system.approvedRisk.approvedOn] : [];
    const since = [...highRiskOn, ...system.changesOn];
    if (since.length === 0) continue;
    const controls = system.approvedRisk?.risks.flatMap((r) => r.controls) ?? [];
    for (const item of [...AI_ASSESSMENT_CLAUSES, ...controls]) {
      if (since.some((day) => !auditedAfter(item, day))) items.add(item);
    }
  }
  return [...items].sort(compareReferenceOrder);
}
