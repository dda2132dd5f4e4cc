import { localDateOf } from '../calendar/local-time';
import type { DbOrTrx } from '../db/database';
import { findAimsById } from '../db/repositories/aims.repository';
import { countAiRisksByResidualLevel, listAiRisksAtLevels, listAiSystemsWithAssessmentDueBefore } from '../db/repositories/ai-system.repository';
import { RISK_LEVELS, isAboveAppetite, type RiskLevel } from '../domain/ai-risk';
import type { AiTreatment } from '../domain/ai-system';
import { effectivePolicy } from '../domain/policy';

/**
 * What management sees of AI risk (9.3.2 c, e): the approved risks of the AIMS's active systems
 * (each system's latest approved risk assessment) by residual level, and those above the AIMS's
 * appetite one by one, and the active systems whose open assessment is past its due date in the
 * AIMS zone (a cycle counts as open until both its assessments are approved). The same figures
 * on the API route, management's dashboard page and the review pack. They are the record as it
 * stands at `now`, not as of a past date.
 */
export async function aiRiskFigures(db: DbOrTrx, aimsId: string, now: Date) {
  const aims = await findAimsById(db, aimsId);
  if (!aims) return undefined;
  const appetite = effectivePolicy(aims.policy).aiRiskAppetite;
  const counted = await countAiRisksByResidualLevel(db, aimsId);
  const byResidualLevel = Object.fromEntries(RISK_LEVELS.map((l) => [l, Number(counted.find((c) => c.level === l)?.count ?? 0)])) as Record<RiskLevel, number>;
  const above = RISK_LEVELS.filter((l) => isAboveAppetite(l, appetite));
  const risks = await listAiRisksAtLevels(db, aimsId, above);
  const overdue = await listAiSystemsWithAssessmentDueBefore(db, aimsId, localDateOf(now, aims.time_zone));
  return {
    appetite,
    byResidualLevel,
    aboveAppetite: above.reduce((sum, l) => sum + byResidualLevel[l], 0),
    risksAboveAppetite: risks.map((r) => ({
      systemId: r.system_id,
      system: r.system_name,
      description: r.description,
      level: r.level as RiskLevel,
      residualLevel: r.residual_level as RiskLevel,
      treatment: r.treatment as AiTreatment,
    })),
    overdueAssessments: overdue.map((s) => ({ systemId: s.id, system: s.name, dueDate: s.due_date })),
  };
}

export type AiRiskFigures = NonNullable<Awaited<ReturnType<typeof aiRiskFigures>>>;
