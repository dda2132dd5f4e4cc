import { continueAsNew, sleep, workflowInfo } from '@temporalio/workflow';
import { recordActivities } from '../lib/activities';
import { Attention } from '../lib/attention';
import { nowIso } from '../lib/now';

export interface ReadinessSnapshotInput {
  aimsId: string;
  /** Months before continuing as new (default 12); small in tests that cross that boundary. */
  monthsPerRun?: number;
}

const MONTHS_PER_RUN = 12;

/**
 * One per AIMS (id `readiness-snapshots-<aimsId>`, `readinessSnapshotWorkflowId`): sleeps until
 * 00:00 on the first day of the next month in the AIMS zone (the instant comes from
 * `planReadinessSnapshot`; this code does no calendar arithmetic) and keeps that month's readiness
 * figure, so the trend has a figure for every month whether or not anybody opened the page.
 * Taking a figure is insert-if-absent per (AIMS, month), so a retried or replayed step keeps the
 * first. It continues as new every year (or when the server suggests it) and ends when the AIMS
 * is gone. A step that fails deterministically waits in attention like any background step.
 */
export async function readinessSnapshotWorkflow(input: ReadinessSnapshotInput): Promise<void> {
  const { aimsId } = input;
  const attention = new Attention({ workflowId: workflowInfo().workflowId, aimsId });
  const step = (name: string, month: string) => ({ itemType: 'readiness', itemId: aimsId, itemLabel: `Readiness figure of ${month}`, step: name });
  const months = input.monthsPerRun ?? MONTHS_PER_RUN;
  for (let run = 0; run < months; run++) {
    const after = nowIso();
    const plan = await attention.guard(step('plan_readiness_snapshot', `the month after ${after.slice(0, 10)}`), () =>
      recordActivities.planReadinessSnapshot({ aimsId, after }),
    );
    if (!plan) return;
    const wait = Date.parse(plan.at) - Date.now();
    if (wait > 0) await sleep(wait);
    // The workflow's own instant, not the activity's clock: a replayed or retried step asks about the same moment.
    const at = nowIso();
    await attention.guard(step('take_readiness_snapshot', plan.month), () => recordActivities.takeReadinessSnapshot({ aimsId, month: plan.month, at }));
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await continueAsNew<typeof readinessSnapshotWorkflow>(input);
}
