import { continueAsNew, workflowInfo } from '@temporalio/workflow';

/**
 * Continues as new once, with no options, as the product's workflows do (their yearly or
 * history-size continue-as-new), then ends with the run's number and whether it was continued.
 */
export async function continueOnceWorkflow(run: number): Promise<{ run: number; continued: boolean }> {
  if (run === 0) await continueAsNew<typeof continueOnceWorkflow>(1);
  return { run, continued: workflowInfo().continuedFromExecutionRunId !== undefined };
}
