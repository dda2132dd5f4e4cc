import { ApplicationFailure } from '@temporalio/workflow';
import { FAILURE_TYPES } from '../../domain/failure-types';

/**
 * Failure types a validator or handler raises; the API maps each to one HTTP status
 * (`domain/failure-types.ts`: Forbidden 403, Conflict 409, Invalid 422, NotFound 404).
 */
export const forbidden = (message: string) => ApplicationFailure.nonRetryable(message, FAILURE_TYPES.forbidden);
export const conflict = (message: string) => ApplicationFailure.nonRetryable(message, FAILURE_TYPES.conflict);
export const invalid = (message: string) => ApplicationFailure.nonRetryable(message, FAILURE_TYPES.invalid);
export const notFound = (message: string) => ApplicationFailure.nonRetryable(message, FAILURE_TYPES.notFound);
