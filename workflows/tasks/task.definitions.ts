import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';

// Commands common to every task, with the same names on every workflow that owns tasks, so the
// API sends them without knowing which kind of workflow holds the task.

export const requestExtensionUpdate = defineUpdate<{ requestId: string }, [Actor, { taskId: string; newDueDate: string; reason: string }]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<void, [Actor, { taskId: string; requestId: string; approve: boolean; comment: string }]>('decideExtension');

/** `handover`: a leaver's task given away by their deactivation (an admin may send it). */
export interface ReassignArgs {
  taskId: string;
  ownerId: string;
  reason: string;
  handover?: boolean;
}
export const reassignTaskUpdate = defineUpdate<void, [Actor, ReassignArgs]>('reassignTask');

/**
 * Whether a reassignment would be refused, asked before a leaver's tasks are handed over so that
 * the deactivation is refused whole rather than half done. `auditTeam`: the team check the
 * reassignment runs against the record (an activity); the caller runs it from the record too.
 */
export interface ReassignPreview {
  refusal: string | null;
  auditTeam: { leadAuditorId: string; auditeeIds: string[] } | null;
}
export const reassignPreviewQuery = defineQuery<ReassignPreview, [Actor, ReassignArgs]>('reassignPreview');

/**
 * A person's zone, manager or department changed: the open tasks of the workflow plan their next
 * emails again (zones are re-read by the plan); `manager` moves the owner's first escalation step
 * from the old manager to the new one on tasks of that owner that escalate to the old one.
 */
export interface PersonChange {
  personId: string;
  manager?: { from: string | null; to: string | null };
  /** The person left: tasks escalating to them first have no manager any more (the programme manager steps in, and decides minor extensions). */
  left?: boolean;
}
export const personChangedSignal = defineSignal<[PersonChange]>('personChanged');
