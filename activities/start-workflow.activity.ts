import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
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
export function createStartWorkflow({ temporal, searchAttributes = false }: { temporal: WorkflowClient; searchAttributes?: boolean }) {
  return async function startWorkflow(request: StartRequest): Promise<void> {
    try {
      await temporal.start(request.type, {
        workflowId: request.workflowId,
        taskQueue: Context.current().info.taskQueue,
        args: withIndexing(request, searchAttributes).args,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
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
