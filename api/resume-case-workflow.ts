import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { AppError } from '../domain/app-error';
import { organisationIndex } from '../domain/search-attributes';
import type * as def from '../workflows/nc-case/nc-case.definitions';
import type { ApiContext } from './api-context';

/**
 * A closed or cancelled case's workflow ends (`nc-case.workflow.ts`, 'case-ends-when-closed').
 * Before a reopen is sent, a case whose workflow ended gets a new run under the same id, started
 * from the ended run's result (its state and change number, so trail entries go on without a gap
 * or a clash), waiting for that reopen. A case whose workflow still runs (closed before the
 * change, waiting for a reopen as it did) is left alone. Two reopens at once start one run; the
 * second is refused by the workflow as the case is open again.
 */
export async function resumeCaseWorkflow(ctx: ApiContext, workflowId: string): Promise<void> {
  const handle = ctx.temporal.workflow.getHandle(workflowId);
  const { status } = await handle.describe();
  if (status.name !== 'COMPLETED') return;
  const ended = (await handle.result()) as def.CaseWorkflowResult;
  const { seq, ...state } = ended;
  if (seq === undefined) throw new AppError('conflict', 'this case ended before it could be reopened in a new run');
  try {
    await ctx.temporal.workflow.start('ncCaseWorkflow', {
      // The new run is indexed under its organisation as the first one was.
      ...organisationIndex(ctx.organisationId, ctx.config.temporal.searchAttributes),
      taskQueue: ctx.config.temporal.taskQueue,
      workflowId,
      args: [{ kind: 'continued', state, seq, reopening: true } satisfies def.CaseWorkflowInput],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
