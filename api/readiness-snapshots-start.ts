import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import { readinessSnapshotWorkflowId } from '../domain/readiness';
import { organisationIndex } from '../domain/search-attributes';
import type { readinessSnapshotWorkflow } from '../workflows/readiness/readiness-snapshot.workflow';

/**
 * Starts an AIMS's monthly readiness figures (`readinessSnapshotWorkflow`) unless they run: the
 * id is derived from the AIMS, so a second start is a no-op. Called when an AIMS is set up and,
 * for every AIMS, when a worker starts (`main/readiness-snapshots-reconcile.ts`), which also
 * covers AIMS set up before the workflow existed or whose start failed.
 */
export async function ensureReadinessSnapshots(
  client: WorkflowClient,
  options: { taskQueue: string; searchAttributes: boolean },
  aims: { id: string; organisationId: string },
): Promise<void> {
  try {
    await client.start<typeof readinessSnapshotWorkflow>('readinessSnapshotWorkflow', {
      workflowId: readinessSnapshotWorkflowId(aims.id),
      taskQueue: options.taskQueue,
      args: [{ aimsId: aims.id }],
      ...organisationIndex(aims.organisationId, options.searchAttributes),
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
