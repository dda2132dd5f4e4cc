import { occurrenceDate } from '../calendar/cadence';
import type { Db } from '../db/database';
import { listAuditScopesBetween } from '../db/repositories/audit.repository';
import { clausesWithNonconformitiesSinceAudited } from '../db/repositories/case.repository';
import { listApplicableControlIds } from '../db/repositories/soa.repository';
import type { Cadence } from '../domain/audit';
import { YEARLY_CLAUSES } from '../domain/reference/iso42001';
import { occurrencesPerCycle, occurrencesPerYear, scopeFor } from '../planning/coverage-plan';
import { aiAuditPriorityItems } from './ai-audit-priority';

export interface ScopeQuestion {
  aimsId: string;
  cadence: Cadence;
  anchorDate: string;
  index: number;
  fieldworkStart: string;
  /** Scopes of occurrences between the last opened audit and this one, when predicting ahead. */
  plannedBefore?: { fieldworkStart: string; scope: string[] }[];
}

/**
 * The scope of one occurrence from the record: what this cycle has not covered yet, the yearly
 * clauses, items with nonconformities raised since they were last audited, and the AI assessment
 * clauses and controls of AI systems with serious risks or significant changes since (9.2.2). The
 * same answer opens an audit (prepareAudit) and predicts the coming ones (the programme view).
 */
export async function scopeOfOccurrence(db: Db, q: ScopeQuestion): Promise<string[]> {
  const indexInCycle = q.index % occurrencesPerCycle(q.cadence);
  const indexInYear = indexInCycle % occurrencesPerYear(q.cadence);
  const cycleStart = occurrenceDate(q.anchorDate, q.cadence, q.index - indexInCycle);
  const yearStart = occurrenceDate(q.anchorDate, q.cadence, q.index - indexInYear);
  const applicable = await listApplicableControlIds(db, q.aimsId);
  const opened = await listAuditScopesBetween(db, q.aimsId, cycleStart, q.fieldworkStart);
  const earlier = [...opened.map((a) => ({ fieldworkStart: a.fieldwork_start, scope: a.scope })), ...(q.plannedBefore ?? [])].filter(
    (a) => a.fieldworkStart >= cycleStart && a.fieldworkStart < q.fieldworkStart,
  );
  return scopeFor({
    cadence: q.cadence,
    applicableControls: applicable,
    priorityItems: [...new Set([...(await clausesWithNonconformitiesSinceAudited(db, q.aimsId)), ...(await aiAuditPriorityItems(db, q.aimsId))])],
    indexInCycle,
    auditedThisCycle: [...new Set(earlier.flatMap((a) => a.scope))],
    auditedThisYear: [...new Set(earlier.filter((a) => a.fieldworkStart >= yearStart).flatMap((a) => a.scope))].filter((item) =>
      (YEARLY_CLAUSES as readonly string[]).includes(item),
    ),
  });
}
