import { ApplicationFailure } from '@temporalio/workflow';

/**
 * Failure types a validator or handler raises; the API maps each to one HTTP status
 * (Forbidden 403, Conflict 409, Invalid 422, NotFound 404).
 */
export const forbidden = (message: string) => ApplicationFailure.nonRetryable(message, 'Forbidden');
export const conflict = (message: string) => ApplicationFailure.nonRetryable(message, 'Conflict');
export const invalid = (message: string) => ApplicationFailure.nonRetryable(message, 'Invalid');
export const notFound = (message: string) => ApplicationFailure.nonRetryable(message, 'NotFound');
