import type { Actor } from '../../domain/actor';
import { extensionDecider, isExtensionDecider, type ExtensionDecider } from '../../domain/extension-decider';
import type { TaskState } from '../../domain/task';
import { conflict, forbidden, invalid, notFound } from '../lib/failures';

// Pure checks shared by every workflow that owns tasks: used by update validators (to refuse
// at once) and again under the lock, before the handler (the state may have moved while it
// waited its turn).

export function openTask(tasks: Record<string, TaskState>, taskId: string): TaskState {
  const task = tasks[taskId];
  if (!task) throw notFound(`no task ${taskId} here`);
  if (task.status !== 'open') throw conflict(`the task "${task.title}" is ${task.status}`);
  return task;
}

export function assertOwnerOrProgrammeManager(task: TaskState, actor: Actor): void {
  if (actor.id !== task.ownerId && !actor.roles.includes('programme_manager')) {
    throw forbidden(`only the task's owner or a programme manager may do this; "${task.title}" belongs to someone else`);
  }
}

export function assertCanRequestExtension(task: TaskState, actor: Actor, newDueDate: string): void {
  if (actor.id !== task.ownerId) throw forbidden('only the owner of a task may ask for its extension');
  if (task.extensions.some((e) => e.status === 'pending')) throw conflict('an extension request for this task is already waiting for a decision');
  const used = task.extensions.filter((e) => e.status === 'approved').length;
  if (used >= task.maxExtensions) throw conflict(`this task has had its ${task.maxExtensions} extensions already`);
  if (newDueDate <= task.dueDate) throw invalid(`the new due date must be after the current one (${task.dueDate})`);
}

export function assertCanDecideExtension(task: TaskState, actor: Actor, requestId: string): void {
  const request = task.extensions.find((e) => e.id === requestId);
  if (!request) throw notFound(`no extension request ${requestId} on this task`);
  if (request.status !== 'pending') throw conflict(`the extension request was ${request.status} already`);
  if (actor.id === task.ownerId) throw forbidden('the owner of a task may not decide their own extension');
  const decider = extensionDecider(task.approval, task.ownerManagerId);
  if (!isExtensionDecider(decider, actor)) throw forbidden(NOT_THE_DECIDER[decider.kind]);
}

const NOT_THE_DECIDER: Record<ExtensionDecider['kind'], string> = {
  management: 'an extension of a major nonconformity step is decided by management',
  manager: "this extension is decided by the owner's manager",
  programme_manager: 'the owner has no manager: a programme manager decides this extension',
};

/** A programme manager reassigns any task; an admin hands a leaver's tasks over as part of deactivating them (`handover`). */
export function assertCanReassign(task: TaskState, actor: Actor, ownerId: string, handover = false): void {
  const allowed = actor.roles.includes('programme_manager') || (handover && actor.roles.includes('admin'));
  if (!allowed) throw forbidden('only a programme manager may reassign a task');
  if (ownerId === task.ownerId) throw invalid('the task belongs to that person already');
}
