import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { OrganisationDeletionInput } from '../../domain/organisation-deletion';

// Each step is an ordinary activity that picks up where the record says the last attempt
// stopped (rows deleted so far are gone, their counts kept with them), so a crash of the worker
// or of PostgreSQL at any point is retried into the same end. No timer, no update: nothing of
// this workflow depends on the clock, and it runs once per organisation.
const { terminateOrganisationWorkflows, eraseOrganisationRecord, finishOrganisationDeletion } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
});

/**
 * Deletes one organisation (id `organisation-deletion-<organisationId>`), started by
 * `POST /organisations/{id}/deletion` once the organisation answers as unknown to everyone:
 * its workflows are terminated, its rows erased (people who are members elsewhere kept), its
 * workflows terminated again (any a late activity started meanwhile), then the organisation's
 * row goes and the deletion is marked done.
 */
export async function organisationDeletionWorkflow(input: OrganisationDeletionInput): Promise<{ workflowsTerminated: number; peopleKept: number }> {
  const first = await terminateOrganisationWorkflows(input);
  const { peopleKept } = await eraseOrganisationRecord(input);
  const second = await terminateOrganisationWorkflows(input);
  const workflowsTerminated = first.terminated + second.terminated;
  await finishOrganisationDeletion({ ...input, workflowsTerminated });
  return { workflowsTerminated, peopleKept };
}
