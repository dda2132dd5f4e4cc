import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { recordActivities } from '../lib/activities';

// A build reads the whole record of an AIMS for a period and may take minutes: an ordinary
// activity with a heartbeat, retried on transient failures only (the classifier makes the
// deterministic ones non-retryable), then the package is marked failed with the reason.
const { buildEvidencePackage } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** One evidence package's build (id `evidence-package-<packageId>`), started by `POST /aims/{id}/evidence-packages`. */
export async function evidencePackageWorkflow(input: { packageId: string }): Promise<{ sha256: string | null }> {
  try {
    return await buildEvidencePackage(input);
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof ApplicationFailure ? error.cause.message : error instanceof Error ? error.message : String(error);
    await recordActivities.failEvidencePackage({ packageId: input.packageId, reason: cause });
    return { sha256: null };
  }
}
