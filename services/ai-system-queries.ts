import { localDateOf } from '../calendar/local-time';
import type { Db } from '../db/database';
import { findAimsById } from '../db/repositories/aims.repository';
import { findAiSystemRow, listAiSystemRows } from '../db/repositories/ai-system.repository';
import { listTasksOfItem } from '../db/repositories/task.repository';
import type { AiSystemRow } from '../db/tables/ai-systems.table';
import type {
  AiDeploymentStatus,
  AiLifecycleStage,
  AiRiskClassification,
  AiRole,
  AiSystemStatus,
  AssessmentCycle,
  SignificantChange,
} from '../domain/ai-system';
import { toTaskDto } from './task-dto';
import { findTimeline } from './timeline';

/** A register entry as every answer shows it. */
function toSummary(row: AiSystemRow) {
  const current = row.current_assessment as AssessmentCycle | null;
  const completed = row.completed_assessments as AssessmentCycle[];
  return {
    id: row.id,
    aimsId: row.aims_id,
    status: row.status as AiSystemStatus,
    name: row.name,
    purpose: row.purpose,
    role: row.role as AiRole,
    ownerId: row.owner_id,
    riskOwnerId: row.risk_owner_id,
    lifecycleStage: row.lifecycle_stage as AiLifecycleStage,
    deploymentStatus: row.deployment_status as AiDeploymentStatus,
    intendedUsers: row.intended_users,
    affectedPeople: row.affected_people,
    dataUsed: row.data_used as string[],
    thirdPartyComponents: row.third_party_components as string[],
    suppliers: row.suppliers as string[],
    riskClassification: row.risk_classification as AiRiskClassification,
    reassessmentMonths: row.reassessment_months,
    registeredAt: row.registered_at.toISOString(),
    retiredAt: row.retired_at?.toISOString() ?? null,
    nextPlannedDue: row.next_planned_due,
    currentAssessmentDue: current?.dueDate ?? null,
    lastCompletedOn: completed[0]?.completedOn ?? null,
  };
}

/** The register of an AIMS; undefined when there is no such AIMS. */
export async function listAiSystems(db: Db, aimsId: string) {
  if (!(await findAimsById(db, aimsId))) return undefined;
  return (await listAiSystemRows(db, aimsId)).map(toSummary);
}

/** One system: its facts, current and completed assessments, significant changes, tasks and timeline. */
export async function findAiSystemDetail(db: Db, now: Date, systemId: string) {
  const row = await findAiSystemRow(db, systemId);
  if (!row) return undefined;
  const aims = (await findAimsById(db, row.aims_id))!;
  const today = localDateOf(now, aims.time_zone);
  const [tasks, timeline] = await Promise.all([listTasksOfItem(db, systemId), findTimeline(db, 'ai_system', systemId)]);
  return {
    ...toSummary(row),
    currentAssessment: row.current_assessment as AssessmentCycle | null,
    completedAssessments: row.completed_assessments as AssessmentCycle[],
    significantChanges: row.significant_changes as SignificantChange[],
    tasks: tasks.map((t) => toTaskDto(t, today)),
    timeline,
  };
}

/** What a command needs to know before the workflow is asked: its AIMS, status and workflow. */
export async function findAiSystemForCommand(db: Db, systemId: string) {
  const row = await findAiSystemRow(db, systemId);
  return row && { id: row.id, aimsId: row.aims_id, status: row.status as AiSystemStatus, workflowId: row.workflow_id };
}
