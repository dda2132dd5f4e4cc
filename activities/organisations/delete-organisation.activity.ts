import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type WorkflowClient } from '@temporalio/client';
import type { Db } from '../../db/database';
import { listRecordedWorkflowIds } from '../../db/repositories/organisation-deletions.repository';
import type { Clock } from '../../domain/clock';
import { organisationDeletionWorkflowId, type OrganisationDeletionInput } from '../../domain/organisation-deletion';
import { AIMS_ORGANISATION_ID } from '../../domain/search-attributes';
import { postgresEvidenceStore, type EvidenceStore } from '../../services/evidence-store';
import { deletionOr404, eraseOrganisation, finishOrganisationErasure } from '../../services/organisation-erasure';

const REASON = 'its organisation is being deleted';
/** Visibility is eventually consistent: listings are repeated until one shows nothing running (bounded). */
const LISTINGS = 40;
const LISTING_PAUSE_MS = 500;

interface Deps {
  db: Db;
  temporal: WorkflowClient;
  clock: Clock;
  searchAttributes?: boolean;
  evidenceStore?: EvidenceStore;
}

/**
 * Terminates every running workflow of the organisation but the deletion's own: those its
 * search attribute lists (`AimsOrganisationId`), listed again until visibility shows none, and
 * those the record names (for a namespace without search attributes). A workflow already ended
 * is no failure: a repeated run terminates nothing twice.
 */
export function createTerminateOrganisationWorkflows({ db, temporal, searchAttributes = false }: Deps) {
  return async function terminateOrganisationWorkflows({ organisationId }: OrganisationDeletionInput): Promise<{ terminated: number }> {
    const self = organisationDeletionWorkflowId(organisationId);
    let terminated = 0;
    const terminate = async (workflowId: string, runId?: string) => {
      try {
        await temporal.getHandle(workflowId, runId).terminate(REASON);
        terminated += 1;
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    };
    const deletion = await deletionOr404(db, organisationId);
    for (const workflowId of await listRecordedWorkflowIds(db, deletion.aims_ids)) {
      if (workflowId === self) continue;
      const running = await temporal
        .getHandle(workflowId)
        .describe()
        .then((d) => d.status.name === 'RUNNING')
        .catch((error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        });
      if (running) await terminate(workflowId);
    }
    if (!searchAttributes) return { terminated };
    const query = `${AIMS_ORGANISATION_ID.name} = '${organisationId}' AND ExecutionStatus = 'Running'`;
    for (let listing = 0; listing < LISTINGS; listing++) {
      const running: { workflowId: string; runId: string }[] = [];
      for await (const w of temporal.list({ query })) if (w.workflowId !== self) running.push({ workflowId: w.workflowId, runId: w.runId });
      if (running.length === 0) break;
      for (const w of running) await terminate(w.workflowId, w.runId);
      Context.current().heartbeat({ terminated });
      await new Promise((resolve) => setTimeout(resolve, LISTING_PAUSE_MS));
    }
    return { terminated };
  };
}

/** Erases the organisation's files, rows and people (`services/organisation-erasure.ts`), heartbeating each batch. */
export function createEraseOrganisationRecord({ db, clock, evidenceStore = postgresEvidenceStore }: Deps) {
  return async function eraseOrganisationRecord({ organisationId }: OrganisationDeletionInput): Promise<{ peopleKept: number }> {
    return eraseOrganisation(
      db,
      evidenceStore,
      organisationId,
      () => clock.now(),
      (detail) => Context.current().heartbeat(detail),
    );
  };
}

export function createFinishOrganisationDeletion({ db, clock }: Deps) {
  return async function finishOrganisationDeletion(input: OrganisationDeletionInput & { workflowsTerminated: number }): Promise<void> {
    await finishOrganisationErasure(db, input.organisationId, input.workflowsTerminated, clock.now());
  };
}
