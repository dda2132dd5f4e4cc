import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type WorkflowClient } from '@temporalio/client';
import type { Actor } from '../domain/actor';
import { caseWorkflowId, type NewCase } from '../domain/nc-case';

/**
 * Opens a corrective-action case for a finding (internal or external audit): starts its own
 * workflow, not a child, so the case outlives whatever found it and no parent waits on it. The
 * case id comes from the caller, so a retried start finds the case already running.
 */
export function createOpenCase({ temporal }: { temporal: WorkflowClient }) {
  return async function openCase(input: { draft: NewCase; actor: Actor }): Promise<void> {
    try {
      await temporal.start('ncCaseWorkflow', {
        workflowId: caseWorkflowId(input.draft.id),
        taskQueue: Context.current().info.taskQueue,
        args: [{ kind: 'new', draft: input.draft, actor: input.actor }],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
}
