import { defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';

/**
 * The operator's retry of a step that needed attention, with the same name on every workflow,
 * so the API sends it knowing only the workflow id. Answers once the workflow has taken it; the
 * step then runs again and, if it goes through, resolves the item.
 */
export const retryAttentionUpdate = defineUpdate<{ retrying: true }, [Actor, { attentionId: string }]>('retryAttention');
