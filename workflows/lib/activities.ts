import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute' } as const;

/**
 * Short reads and writes of the record and calendar computations: local activities, run by the
 * worker inside the workflow task, without a server round trip each. All of them are
 * idempotent, so a re-run after a crash is harmless.
 */
export const recordActivities = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry });

/** Everything that talks to the outside world (SMTP, starting other workflows): ordinary activities, scheduled and retried by the server. */
export const outboundActivities = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry });
