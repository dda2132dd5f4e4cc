import { defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';

// Commands common to every task, with the same names on every workflow that owns tasks, so the
// API sends them without knowing which kind of workflow holds the task.

export const requestExtensionUpdate = defineUpdate<{ requestId: string }, [Actor, { taskId: string; newDueDate: string; reason: string }]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<void, [Actor, { taskId: string; requestId: string; approve: boolean; comment: string }]>('decideExtension');
export const reassignTaskUpdate = defineUpdate<void, [Actor, { taskId: string; ownerId: string; reason: string }]>('reassignTask');
