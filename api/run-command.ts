import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { AppError, type ErrorCode } from '../domain/app-error';

const CODE_BY_FAILURE_TYPE: Record<string, ErrorCode> = {
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  Invalid: 'validation_failed',
  NotFound: 'not_found',
};

/**
 * Sends a command to a workflow as an update and waits for its answer. A refusal by the
 * validator or the handler comes back at once as the matching 4xx with the workflow's reason;
 * nothing changed in the workflow or the record.
 */
export async function runCommand<Ret, Args extends [unknown, ...unknown[]] | []>(
  handle: WorkflowHandle,
  update: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  try {
    return await handle.executeUpdate(update as UpdateDefinition<Ret, [unknown, ...unknown[]]>, { args: args as [unknown, ...unknown[]] });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const code = CODE_BY_FAILURE_TYPE[error.cause.type ?? ''];
      if (code) throw new AppError(code, error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError) throw new AppError('conflict', 'this item no longer takes commands');
    throw error;
  }
}
