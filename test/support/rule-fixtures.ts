import { ApplicationFailure } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { Role } from '../../domain/roles';
import type { TaskState } from '../../domain/task';

// Small builders for the unit tests of the pure workflow rules (workflows/*/*.rules.ts).

export const actor = (id: string, ...roles: Role[]): Actor => ({ id, name: id, roles });

export function task(id: string, step: string, ownerId: string, status: TaskState['status'] = 'open'): TaskState {
  return {
    id,
    aimsId: 'aims',
    workflowId: 'wf',
    itemType: 'item',
    itemId: 'item',
    itemRef: 'X-1',
    step,
    title: step,
    ownerId,
    ownerManagerId: null,
    dueDate: '2027-05-03',
    status,
    approval: 'manager',
    maxExtensions: 2,
    extensions: [],
    createdAt: '2027-03-08T08:00:00Z',
    completedAt: null,
  };
}

export const tasksOf = (...tasks: TaskState[]): Record<string, TaskState> => Object.fromEntries(tasks.map((t) => [t.id, t]));

/** The failure type a rule refuses with (Forbidden, Conflict, Invalid, NotFound), or undefined when it accepts. */
export function refusal(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof ApplicationFailure) return error.type ?? 'untyped';
    throw error;
  }
}
