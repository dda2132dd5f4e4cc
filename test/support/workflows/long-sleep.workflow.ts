import { sleep, workflowInfo } from '@temporalio/workflow';

/** Sleeps for the given duration and reports how much workflow time passed. */
export async function longSleepWorkflow(duration: string): Promise<{ startedAt: number; wokeAt: number }> {
  const startedAt = Date.now();
  await sleep(duration);
  void workflowInfo();
  return { startedAt, wokeAt: Date.now() };
}
