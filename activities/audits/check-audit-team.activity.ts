import { Context } from '@temporalio/activity';
import type { Db } from '../../db/database';
import { findAimsOfAuditWorkflow } from '../../db/repositories/audit.repository';
import { auditTeamProblem, type AuditTeam } from '../../services/audit-team';

/** The audit team check of SPEC 9.2 (`services/audit-team.ts`); an activity, as it reads the record. */
export function createCheckAuditTeam({ db }: { db: Db }) {
  return async function checkAuditTeam(input: AuditTeam): Promise<string | null> {
    // The audit's AIMS from the workflow asking (its input carries people only, and recorded histories hold that input).
    const workflowId = Context.current().info.workflowExecution?.workflowId;
    return auditTeamProblem(db, input, workflowId ? await findAimsOfAuditWorkflow(db, workflowId) : undefined);
  };
}
