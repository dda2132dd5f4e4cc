import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { findAimsById } from '../db/repositories/aims.repository';
import { listAiSystemRows } from '../db/repositories/ai-system.repository';
import { listAuditScopesBetween } from '../db/repositories/audit.repository';
import type { AssessmentCycle, SignificantChange } from '../domain/ai-system';
import { aiPriorityItems, type AiSystemForAudit } from '../planning/ai-audit-priority';

/** The latest approved risk assessment of a system: the open cycle's if approved, else the newest completed one. */
function latestApprovedRisk(current: AssessmentCycle | null, completed: AssessmentCycle[]) {
  return [...(current ? [current] : []), ...completed].map((c) => c.risk).find((r) => r?.approvedAt) ?? null;
}

/**
 * The clauses and controls the AIMS's active AI systems make a priority for the next audit
 * (`planning/ai-audit-priority.ts` says the rule), from the register and the audits so far.
 */
export async function aiAuditPriorityItems(db: Db, aimsId: string): Promise<string[]> {
  const aims = await findAimsById(db, aimsId);
  if (!aims) return [];
  const dayOf = (instant: string) => localDateOf(new Date(instant), aims.time_zone);
  const systems: AiSystemForAudit[] = (await listAiSystemRows(db, aimsId))
    .filter((row) => row.status === 'active')
    .map((row) => {
      const risk = latestApprovedRisk(row.current_assessment as AssessmentCycle | null, row.completed_assessments as AssessmentCycle[]);
      return {
        approvedRisk: risk && { approvedOn: dayOf(risk.approvedAt!), risks: risk.risks },
        changesOn: (row.significant_changes as SignificantChange[]).map((c) => dayOf(c.recordedAt)),
      };
    });
  if (systems.length === 0) return [];
  const audits = await listAuditScopesBetween(db, aimsId, '0001-01-01', '9999-12-31');
  return aiPriorityItems(
    systems,
    audits.map((a) => ({ fieldworkStart: a.fieldwork_start, scope: a.scope })),
  );
}
