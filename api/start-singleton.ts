import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { AppError } from '../domain/app-error';
import { organisationIndex } from '../domain/search-attributes';
import type { ApiContext } from './api-context';

/**
 * Starts the one workflow of its kind an AIMS has (its id derived from the AIMS, so Temporal
 * itself refuses a second) and waits for its "recorded" update, so that the answer can read the
 * row the workflow wrote. A workflow of that id already there is a 409 with `conflict` as reason.
 */
export async function startSingleton(
  ctx: ApiContext,
  spec: { workflowType: string; workflowId: string; input: unknown; recorded: UpdateDefinition<void, []>; conflict: string },
): Promise<void> {
  try {
    const handle = await ctx.temporal.workflow.start(spec.workflowType, {
      taskQueue: ctx.config.temporal.taskQueue,
      workflowId: spec.workflowId,
      args: [spec.input],
      ...organisationIndex(ctx.organisationId, ctx.config.temporal.searchAttributes),
    });
    await handle.executeUpdate(spec.recorded);
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw new AppError('conflict', spec.conflict);
    throw error;
  }
}
