import type { Db } from '../../db/database';
import { auditTeamProblem, type AuditTeam } from '../../services/audit-team';

/** The audit team check of SPEC 9.2 (`services/audit-team.ts`); an activity, as it reads the record. */
export function createCheckAuditTeam({ db }: { db: Db }) {
  return async function checkAuditTeam(input: AuditTeam): Promise<string | null> {
    return auditTeamProblem(db, input);
  };
}
