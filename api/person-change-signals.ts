import { WorkflowNotFoundError } from '@temporalio/client';
import { listWorkflowsNotifying, listWorkflowsWithOpenTasks } from '../db/repositories/task.repository';
import type { Person } from '../db/tables/people.table';
import { personChangedSignal, type PersonChange } from '../workflows/tasks/task.definitions';
import type { ApiContext } from './api-context';

/**
 * After a person's change is saved: if their zone, manager or department moved, every workflow
 * holding an open task whose emails may go to them plans those emails again (`personChanged`),
 * so the next reminder is at 09:00 in the new zone and the next escalation reaches the new
 * manager. Answers how many workflows were told. A workflow that has ended meanwhile has no
 * open task left to replan, so it is passed over.
 */
export async function tellWorkflowsOfPersonChange(ctx: ApiContext, before: Person, after: Person): Promise<number> {
  const managerMoved = before.manager_id !== after.manager_id;
  // Joining or leaving management changes who gets every task's second escalation.
  const managementMoved = before.roles.includes('management') !== after.roles.includes('management');
  if (!managerMoved && !managementMoved && before.time_zone === after.time_zone && before.department === after.department) return 0;
  const change: PersonChange = { personId: after.id, ...(managerMoved ? { manager: { from: before.manager_id, to: after.manager_id } } : {}) };
  const workflowIds = managementMoved ? await listWorkflowsWithOpenTasks(ctx.db) : await listWorkflowsNotifying(ctx.db, after.id);
  return signalPersonChanged(ctx, change, workflowIds);
}

/**
 * After a leaver's tasks are handed over: the tasks whose emails they would still have received
 * (their reports' escalations, management's) plan again without them (the programme manager
 * takes a leaver's first escalation step).
 */
export async function tellWorkflowsOfLeaver(ctx: ApiContext, leaverId: string): Promise<number> {
  return signalPersonChanged(ctx, { personId: leaverId, left: true }, await listWorkflowsNotifying(ctx.db, leaverId));
}

async function signalPersonChanged(ctx: ApiContext, change: PersonChange, workflowIds: string[]): Promise<number> {
  for (const workflowId of workflowIds) {
    try {
      await ctx.temporal.workflow.getHandle(workflowId).signal(personChangedSignal, change);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return workflowIds.length;
}
