import type { Db } from '../../db/database';
import { replaceAiRisks, upsertAiSystemIfNewer } from '../../db/repositories/ai-system.repository';
import { saveItem } from '../../db/save-item';
import type { QueuedEmail } from '../../db/repositories/email-outbox.repository';
import type { AiSystemState, AssessmentCycle } from '../../domain/ai-system';
import type { WorkflowChange } from '../../domain/workflow-change';

/** The latest cycle whose risk assessment was approved: the current one, else the last completed. */
function approvedRiskCycle(s: AiSystemState): AssessmentCycle | undefined {
  if (s.current?.risk?.approvedAt) return s.current;
  return s.completed.find((c) => c.risk?.approvedAt);
}

/**
 * Writes the system's row, its approved risks, its tasks and the change's audit-trail entries
 * in one transaction, through the one save protocol (version guard, idempotent trail).
 */
export function createSaveAiSystem({ db }: { db: Db }) {
  return async function saveAiSystem(input: { state: AiSystemState; changes: WorkflowChange[]; emails?: QueuedEmail[] }): Promise<void> {
    const s = input.state;
    const f = s.facts;
    await db.transaction().execute(async (trx) => {
      const row = {
        id: s.id,
        aims_id: s.aimsId,
        workflow_id: s.workflowId,
        status: s.status,
        name: f.name,
        purpose: f.purpose,
        role: f.role,
        owner_id: f.ownerId,
        risk_owner_id: f.riskOwnerId,
        lifecycle_stage: f.lifecycleStage,
        deployment_status: f.deploymentStatus,
        intended_users: f.intendedUsers,
        affected_people: f.affectedPeople,
        data_used: JSON.stringify(f.dataUsed),
        third_party_components: JSON.stringify(f.thirdPartyComponents),
        suppliers: JSON.stringify(f.suppliers),
        risk_classification: f.riskClassification,
        reassessment_months: f.reassessmentMonths,
        registered_at: new Date(s.registeredAt),
        retired_at: s.retiredAt ? new Date(s.retiredAt) : null,
        next_planned_due: s.nextPlanned?.dueDate ?? null,
        current_assessment: s.current ? JSON.stringify(s.current) : null,
        completed_assessments: JSON.stringify(s.completed),
        significant_changes: JSON.stringify(s.changes),
        version: s.version,
        updated_at: new Date(),
      };
      await saveItem(trx, {
        workflowId: s.workflowId,
        aimsId: s.aimsId,
        changes: input.changes,
        emails: input.emails,
        upsert: (t) => upsertAiSystemIfNewer(t, row),
        afterSaved: async (t) => {
          const cycle = approvedRiskCycle(s);
          const risks = cycle?.risk?.risks ?? [];
          await replaceAiRisks(
            t,
            s.id,
            risks.map((r, position) => ({
              system_id: s.id,
              position,
              aims_id: s.aimsId,
              assessment_id: cycle!.id,
              approved_at: new Date(cycle!.risk!.approvedAt!),
              description: r.description,
              level: r.level,
              treatment: r.treatment,
              residual_level: r.residualLevel,
            })),
          );
        },
        tasks: { list: Object.values(s.tasks), version: s.version },
      });
    });
  };
}
