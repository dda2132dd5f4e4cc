import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import type { digestWorkflow } from '../workflows/digests/digest.workflow';

export const DIGEST_WORKFLOW_ID = 'digests';

/**
 * Starts the singleton digest workflow unless it runs already. Every worker and the all-in-one
 * engine call it at start; the fixed id makes all but the first a no-op.
 */
export async function ensureDigestWorkflow(client: WorkflowClient, taskQueue: string): Promise<void> {
  try {
    await client.start<typeof digestWorkflow>('digestWorkflow', { workflowId: DIGEST_WORKFLOW_ID, taskQueue, args: [{}] });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
