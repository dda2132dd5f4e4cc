import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { recordActivities } from '../lib/activities';
import { Attention } from '../lib/attention';

export interface DigestInput {
  /** Where the previous run stopped (continue-as-new); a first start begins at its own start. */
  since?: string;
  /** Runs before continuing as new (default 100); small in the test that crosses that boundary. */
  runsPerExecution?: number;
}

// One call sends every digest due at an instant, possibly to many people: a long timeout with
// heartbeats rather than the one-minute limit of a single email. Retries resend nothing
// (sendOnce dedupes per person and period).
const digests = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const RUNS_PER_EXECUTION = 100;

/**
 * The one workflow (id `digests`) that sends the weekly digests and the monthly overdue
 * reports. It asks when a digest is next due for anybody, sleeps until then and sends what is
 * due in the window since its previous run. Windows follow each other without gap or overlap,
 * so each person's digest instant falls in exactly one of them: a person with nothing open at
 * that instant is skipped for the period, not sent a late digest once a task appears. Zones,
 * weeks and months are the activities' business; this code only sleeps until given instants.
 */
export async function digestWorkflow(input: DigestInput = {}): Promise<void> {
  let since = input.since ?? new Date(Date.now()).toISOString();
  const runs = input.runsPerExecution ?? RUNS_PER_EXECUTION;
  // A window that cannot be planned or sent waits for an operator (it belongs to no AIMS).
  const attention = new Attention({ workflowId: workflowInfo().workflowId, aimsId: null });
  const step = (name: string) => ({ itemType: 'digests', itemId: since, itemLabel: `Digests after ${since}`, step: name });
  for (let run = 0; run < runs; run++) {
    const { at: next } = await attention.guard(step('plan_digest_run'), () => recordActivities.planNextDigestRun({ after: since }));
    const wait = Date.parse(next) - Date.now();
    if (wait > 0) await sleep(wait);
    // Up to the present, not just the planned instant: after an outage the current period's
    // digests go out once, and the periods missed meanwhile are not replayed one by one.
    const at = new Date(Math.max(Date.parse(next), Date.now())).toISOString();
    await attention.guard(step('send_digests'), () => digests.sendDueDigests({ since, at }));
    since = at;
    if (workflowInfo().continueAsNewSuggested) break;
  }
  await continueAsNew<typeof digestWorkflow>({ since, runsPerExecution: input.runsPerExecution });
}
