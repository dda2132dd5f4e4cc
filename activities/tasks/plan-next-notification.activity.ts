import { addCalendarDays, instantAt, localDateOf } from '../../calendar/local-time';
import type { Db } from '../../db/database';
import { findTaskAudience } from '../../db/repositories/memberships.repository';
import type { PlannedNotification, TaskState } from '../../domain/task';
import type { AimsSettings } from '../../services/aims-settings';
import { loadAimsSettings, type SettingsDeps } from '../load-aims-settings';

export interface PlanInput {
  /** `createdAt` is absent from plans asked for before it was passed (activities already scheduled). */
  task: Pick<TaskState, 'aimsId' | 'ownerId' | 'ownerManagerId' | 'dueDate'> & { createdAt?: string };
  /** ISO instant: only notifications strictly after it are planned (no backlog after a change). */
  after: string;
}

/**
 * The earliest timed emails of a task after a given instant: reminders before the due date,
 * the overdue notice, the two escalation steps, then the weekly chase. Each goes out at the
 * policy's hour (09:00) in its recipient's own zone, on a working day of the AIMS calendar.
 */
export function createPlanNextTaskNotification({ db, aimsSettings }: SettingsDeps) {
  return async function planNextTaskNotifications(input: PlanInput): Promise<PlannedNotification[]> {
    const settings = await loadAimsSettings({ db, aimsSettings }, input.task.aimsId);
    // Management of this AIMS's organisation (or of this AIMS): nobody else hears of its tasks.
    // Inactive people receive nothing: they have no zone here.
    const known = [input.task.ownerId, input.task.ownerManagerId, settings.aims.programme_manager_id].filter((id): id is string => id !== null);
    const audience = await findTaskAudience(db, input.task.aimsId, known);
    const managementIds = audience.filter((p) => p.management).map((p) => p.id);
    const zones = new Map(audience.map((p) => [p.id, p.time_zone]));
    const after = Date.parse(input.after);
    const ladder = { ...input.task, overdueFrom: overdueFrom(settings, input.task, zones.get(input.task.ownerId)) };
    const candidates = [...fixedCandidates(settings, managementIds, ladder, zones), ...chaseCandidates(settings, ladder, after, zones)]
      .filter((c) => zones.has(c.recipientId))
      .map((c) => ({ ...c, at: instantAt(c.date, settings.policy.sendAt, zones.get(c.recipientId)!).toISOString() }))
      .filter((c) => Date.parse(c.at) > after)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.recipientId.localeCompare(b.recipientId));
    // Everything planned for the earliest instant, so that recipients sharing it are not skipped.
    const first = candidates[0]?.at;
    return candidates.filter((c) => c.at === first).map((c) => ({ kind: c.kind, at: c.at, recipientId: c.recipientId, detail: c.detail }));
  };
}

interface Candidate {
  kind: PlannedNotification['kind'];
  date: string;
  recipientId: string;
  detail: string;
}

/** The task, and the due date its overdue notice, escalations and chase count from. */
type TaskTimes = PlanInput['task'] & { overdueFrom: string };

/**
 * The due date the overdue ladder counts from: the task's own, unless the task was created after
 * its overdue notice's instant (an audit opened after its team task was due, a finding recorded
 * late). Then the owner would first hear of it from an escalation to management; instead the
 * overdue notice goes out at the first 09:00 of a working day after the creation, and each
 * escalation keeps its usual distance from that notice (the ladder moves as a whole, in working days).
 */
function overdueFrom(settings: AimsSettings, task: PlanInput['task'], ownerZone: string | undefined): string {
  const { calendar, policy } = settings;
  if (task.createdAt === undefined || ownerZone === undefined) return task.dueDate;
  const created = Date.parse(task.createdAt);
  if (instantAt(calendar.addWorkingDays(task.dueDate, 1), policy.sendAt, ownerZone).getTime() > created) return task.dueDate;
  let notice = calendar.onOrAfter(localDateOf(new Date(created), ownerZone));
  if (instantAt(notice, policy.sendAt, ownerZone).getTime() <= created) notice = calendar.addWorkingDays(notice, 1);
  return calendar.addWorkingDays(notice, -1);
}

/** `active`: people who may receive email; a manager who has left is passed over for the programme manager. */
function escalationRecipients(settings: AimsSettings, managementIds: string[], task: TaskTimes, active: Map<string, string>) {
  return {
    level1: task.ownerManagerId && active.has(task.ownerManagerId) ? [task.ownerManagerId] : [settings.aims.programme_manager_id],
    level2: [...new Set([settings.aims.programme_manager_id, ...managementIds])].filter((id) => id !== task.ownerId),
  };
}

function fixedCandidates(settings: AimsSettings, managementIds: string[], task: TaskTimes, zones: Map<string, string>): Candidate[] {
  const { calendar, policy } = settings;
  const due = task.overdueFrom;
  const recipients = escalationRecipients(settings, managementIds, task, zones);
  return [
    ...policy.reminderWorkingDaysBefore.map((days) => ({
      kind: 'reminder' as const,
      date: calendar.addWorkingDays(task.dueDate, -days),
      recipientId: task.ownerId,
      detail: `${days}wd`,
    })),
    { kind: 'overdue', date: calendar.addWorkingDays(due, 1), recipientId: task.ownerId, detail: 'due-passed' },
    ...recipients.level1.map((recipientId) => ({
      kind: 'escalation' as const,
      date: calendar.addWorkingDays(due, policy.escalateToManagerAfterWorkingDays),
      recipientId,
      detail: 'level-1',
    })),
    ...recipients.level2.map((recipientId) => ({
      kind: 'escalation' as const,
      date: calendar.addWorkingDays(due, policy.escalateToManagementAfterWorkingDays),
      recipientId,
      detail: 'level-2',
    })),
  ];
}

/** Weekly after the second escalation, each on the first working day on or after its week mark. */
function chaseCandidates(settings: AimsSettings, task: TaskTimes, after: number, zones: Map<string, string>): Candidate[] {
  const { calendar, policy } = settings;
  const zone = zones.get(task.ownerId);
  if (!zone) return [];
  const start = calendar.addWorkingDays(task.overdueFrom, policy.escalateToManagementAfterWorkingDays);
  for (let n = 1; n < 10_000; n++) {
    const date = calendar.onOrAfter(addCalendarDays(start, n * policy.chaseEveryDays));
    if (instantAt(date, policy.sendAt, zone).getTime() > after) {
      return [{ kind: 'chase', date, recipientId: task.ownerId, detail: `chase-${n}` }];
    }
  }
  return [];
}
