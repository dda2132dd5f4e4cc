import { occurrenceDate } from '../../calendar/cadence';
import { instantAt } from '../../calendar/local-time';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { Cadence } from '../../domain/audit';
import { YEARLY_CLAUSES } from '../../domain/reference/iso42001';
import { occurrencesPerCycle, occurrencesPerYear, scopeFor } from '../../planning/coverage-plan';
import { loadAimsSettings } from '../load-aims-settings';

export interface PrepareAuditInput {
  aimsId: string;
  cadence: Cadence;
  anchorDate: string;
  index: number;
  fieldworkStart: string;
}

export interface PreparedAudit {
  scope: string[];
  fieldworkEnd: string;
  fieldworkOpensAt: string;
  /** Due dates of the audit's tasks: team and notice, fieldwork results, report. */
  teamDue: string;
  reportDue: string;
}

/**
 * The scope and dates of one audit. Scope comes from the coverage plan: what this cycle has not
 * covered yet (spread over the occurrences left), the yearly clauses, and items with
 * nonconformities raised since they were last audited (ISO/IEC 42001 9.2.2: previous results).
 */
export function createPrepareAudit({ db }: { db: Db }) {
  return async function prepareAudit(input: PrepareAuditInput): Promise<PreparedAudit> {
    const { calendar, policy, aims } = await loadAimsSettings(db, input.aimsId);
    const indexInCycle = input.index % occurrencesPerCycle(input.cadence);
    const indexInYear = indexInCycle % occurrencesPerYear(input.cadence);
    const cycleStart = occurrenceDate(input.anchorDate, input.cadence, input.index - indexInCycle);
    const yearStart = occurrenceDate(input.anchorDate, input.cadence, input.index - indexInYear);

    const applicable = await db.selectFrom('soa_entries').select('control_id').where('aims_id', '=', input.aimsId).where('applicable', '=', true).execute();
    const earlier = await db
      .selectFrom('audits')
      .select(['scope', 'fieldwork_start'])
      .where('aims_id', '=', input.aimsId)
      .where('status', '!=', 'cancelled')
      .where('fieldwork_start', '>=', cycleStart)
      .where('fieldwork_start', '<', input.fieldworkStart)
      .execute();
    const auditedThisCycle = [...new Set(earlier.flatMap((a) => a.scope))];
    const auditedThisYear = [...new Set(earlier.filter((a) => a.fieldwork_start >= yearStart).flatMap((a) => a.scope))].filter((item) =>
      (YEARLY_CLAUSES as readonly string[]).includes(item),
    );
    const scope = scopeFor({
      cadence: input.cadence,
      applicableControls: applicable.map((r) => r.control_id),
      priorityItems: await itemsWithRecentNonconformities(db, input.aimsId),
      indexInCycle,
      auditedThisCycle,
      auditedThisYear,
    });
    const fieldworkEnd = calendar.addWorkingDays(input.fieldworkStart, policy.auditFieldworkWorkingDays - 1);
    return {
      scope,
      fieldworkEnd,
      fieldworkOpensAt: instantAt(input.fieldworkStart, '00:00', aims.time_zone).toISOString(),
      teamDue: calendar.addWorkingDays(input.fieldworkStart, -policy.auditNoticeWorkingDays),
      reportDue: calendar.addWorkingDays(fieldworkEnd, policy.auditReportWorkingDays),
    };
  };
}

/** Clauses and controls with a nonconformity raised after the last audit that covered them. */
async function itemsWithRecentNonconformities(db: Db, aimsId: string): Promise<string[]> {
  const rows = await sql<{ item: string }>`
    select distinct c.clause_ref as item from nc_cases c
    where c.aims_id = ${aimsId} and c.clause_ref is not null
      and not exists (
        select 1 from audits a
        where a.aims_id = c.aims_id and a.status <> 'cancelled'
          and c.clause_ref = any(a.scope) and a.fieldwork_start > c.raised_on)
    order by 1`.execute(db);
  return rows.rows.map((r) => r.item);
}
