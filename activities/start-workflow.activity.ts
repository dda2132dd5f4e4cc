import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import type { Db } from '../db/database';
import { findItemAims } from '../db/repositories/item-aims.repository';
import { organisationIndex } from '../domain/search-attributes';
import type { AuditInput } from '../workflows/audits/audit.definitions';
import type { CaseWorkflowInput } from '../workflows/nc-case/nc-case.definitions';
import type { ReviewInput } from '../workflows/reviews/review.definitions';

/** The workflows other workflows start, with their arguments. */
interface Startable {
  ncCaseWorkflow: [CaseWorkflowInput];
  internalAuditWorkflow: [AuditInput];
  managementReviewWorkflow: [ReviewInput];
}

export type StartRequest = { [K in keyof Startable]: { type: K; workflowId: string; args: Startable[K] } }[keyof Startable];

/**
 * Starts a workflow on the worker's own task queue, independent of the caller: a case outlives
 * the audit that found it, an audit or review outlives the programme run that opened it, and no
 * closed parent is ever notified (the time-skipping test server froze on exactly that). The id
 * comes from the caller's deterministic state, so a retried start finds the workflow running.
 */
export function createStartWorkflow({ db, temporal, searchAttributes = false }: { db: Db; temporal: WorkflowClient; searchAttributes?: boolean }) {
  return async function startWorkflow(request: StartRequest): Promise<void> {
    // The started workflow is indexed under its AIMS's organisation, read here (the caller's input carries ids only).
    const organisationId = searchAttributes ? (await findItemAims(db, 'aims', aimsIdOf(request)))?.organisation_id : undefined;
    try {
      await temporal.start(request.type, {
        workflowId: request.workflowId,
        taskQueue: Context.current().info.taskQueue,
        args: withIndexing(request, searchAttributes).args,
        ...organisationIndex(organisationId ?? undefined, searchAttributes),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
}

/** The AIMS a started workflow belongs to. */
function aimsIdOf(request: StartRequest): string {
  if (request.type !== 'ncCaseWorkflow') return request.args[0].aimsId;
  const [input] = request.args;
  return input.kind === 'new' ? input.draft.aimsId : input.state.aimsId;
}

/**
 * A case opened by another workflow (an audit's or certification's finding) keeps its
 * `CaseStatus` search attribute when this deployment has them: the calling workflow cannot know.
 */
function withIndexing(request: StartRequest, searchAttributes: boolean): StartRequest {
  if (request.type !== 'ncCaseWorkflow' || !searchAttributes) return request;
  const [input] = request.args;
  if (input.kind !== 'new') return request;
  return { ...request, args: [{ ...input, draft: { ...input.draft, indexed: true } }] };
}
