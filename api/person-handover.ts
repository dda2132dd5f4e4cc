import { WorkflowNotFoundError } from '@temporalio/client';
import { findPersonById } from '../db/repositories/people.repository';
import { listOpenTasksOwnedBy } from '../db/repositories/task.repository';
import type { Person } from '../db/tables/people.table';
import { AppError } from '../domain/app-error';
import { auditTeamProblem } from '../services/audit-team';
import { findAimsOfAuditWorkflow } from '../db/repositories/audit.repository';
import { deactivateInRecord } from '../services/person-deactivation.service';
import { reassignPreviewQuery, reassignTaskUpdate, type ReassignArgs } from '../workflows/tasks/task.definitions';
import { actorOf } from './actor';
import { tellWorkflowsOfLeaver } from './person-change-signals';
import type { ApiContext } from './api-context';
import { runCommand } from './run-command';

export interface Handover {
  person: Person;
  newOwnerId: string | null;
  handedOver: { taskId: string; title: string }[];
}

/**
 * Deactivates a leaver in one command. All or nothing where it can be known beforehand: the new
 * owner (named, else the leaver's manager) must be an active person other than the leaver, and
 * every open task of the leaver is first checked by its own workflow (the reassignment's own
 * validator, through a query) and, for a lead auditor's task, against the audit team rule;
 * one refusal refuses the whole command, naming every blocked task, and nothing changes. Then
 * the leaver is deactivated (tokens and feed link revoked, `endSignInsOf`), so they hear nothing
 * more, and each task is reassigned through its workflow like a programme manager's
 * reassignment: the new owner is told once per task, the timers follow, the trail records it.
 * Run again on an inactive person, it hands over whatever is still theirs.
 */
export async function deactivateLeaver(ctx: ApiContext, admin: Person, leaverId: string, named: string | undefined, reason: string): Promise<Handover> {
  const leaver = await findPersonById(ctx.db, leaverId);
  if (!leaver) throw new AppError('not_found', `no person ${leaverId}`);
  const tasks = await listOpenTasksOwnedBy(ctx.db, leaverId);
  const newOwnerId = named ?? leaver.manager_id;
  if (tasks.length > 0 || named !== undefined) await assertNewOwner(ctx, leaver, newOwnerId, named !== undefined);
  const actor = actorOf(admin);
  const argsOf = (taskId: string): ReassignArgs => ({ taskId, ownerId: newOwnerId!, reason: `${leaver.name} left: ${reason}`, handover: true });

  const blocked: string[] = [];
  for (const task of tasks) {
    const refusal = await previewRefusal(ctx, task.workflow_id, actor, argsOf(task.id));
    if (refusal) blocked.push(`"${task.title}" (${task.item_type} ${task.item_id}): ${refusal}`);
  }
  if (blocked.length > 0) {
    throw new AppError('conflict', `none of ${leaver.name}'s tasks was handed over; refused for ${blocked.length}: ${blocked.join('; ')}`, [
      { field: named ? 'body.newOwnerId' : 'body', reason: blocked.join('; ') },
    ]);
  }

  const person = await deactivateInRecord(ctx.db, leaverId, { id: admin.id, label: admin.name }, ctx.clock.now());
  const handedOver: Handover['handedOver'] = [];
  for (const task of tasks) {
    try {
      await runCommand(ctx.temporal.workflow.getHandle(task.workflow_id), reassignTaskUpdate, actor, argsOf(task.id));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const left = tasks.length - handedOver.length;
      throw new AppError(
        error.code,
        `${leaver.name} is deactivated and ${handedOver.length} task(s) were handed over, but "${task.title}" was refused: ${error.message}. ` +
          `${left} task(s) are still theirs: deactivate again (naming another new owner if needed) to hand them over.`,
      );
    }
    handedOver.push({ taskId: task.id, title: task.title });
  }
  await tellWorkflowsOfLeaver(ctx, leaverId);
  return { person, newOwnerId: tasks.length > 0 ? newOwnerId : null, handedOver };
}

async function assertNewOwner(ctx: ApiContext, leaver: Person, newOwnerId: string | null, named: boolean): Promise<void> {
  const field = 'body.newOwnerId';
  const refuse = (reason: string) => new AppError('validation_failed', `${field}: ${reason}`, [{ field, reason }]);
  if (!newOwnerId) throw refuse(`${leaver.name} has open tasks and no manager: name who takes them over`);
  if (newOwnerId === leaver.id) throw refuse('the leaver cannot take over their own tasks');
  const owner = await findPersonById(ctx.db, newOwnerId);
  if (!owner?.active) throw refuse(named ? 'no such active person' : `${leaver.name}'s manager is no longer active: name who takes the tasks over`);
}

async function previewRefusal(ctx: ApiContext, workflowId: string, actor: ReturnType<typeof actorOf>, args: ReassignArgs): Promise<string | null> {
  try {
    const preview = await ctx.temporal.workflow.getHandle(workflowId).query(reassignPreviewQuery, actor, args);
    if (preview.refusal) return preview.refusal;
    return preview.auditTeam ? await auditTeamProblem(ctx.db, preview.auditTeam, await findAimsOfAuditWorkflow(ctx.db, workflowId)) : null;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'its item no longer takes commands';
    throw error;
  }
}
