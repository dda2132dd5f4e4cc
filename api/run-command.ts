import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { AppError, type ErrorCode } from '../domain/app-error';
import { FAILURE_TYPES, type FailureType } from '../domain/failure-types';

/** One HTTP status per shared failure type (`domain/failure-types.ts`). */
export const CODE_BY_FAILURE_TYPE: Record<FailureType, ErrorCode> = {
  [FAILURE_TYPES.forbidden]: 'forbidden',
  [FAILURE_TYPES.conflict]: 'conflict',
  [FAILURE_TYPES.invalid]: 'validation_failed',
  [FAILURE_TYPES.notFound]: 'not_found',
  [FAILURE_TYPES.defect]: 'internal',
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
      const code = CODE_BY_FAILURE_TYPE[(error.cause.type ?? '') as FailureType];
      if (code) throw new AppError(code, error.cause.message);
    }
    if (error instanceof WorkflowNotFoundError) throw new AppError('conflict', 'this item no longer takes commands');
    throw error;
  }
}
