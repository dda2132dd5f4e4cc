import { condition, patched, uuid4 } from '@temporalio/workflow';
import type { PrepareTaskInput } from '../../activities/tasks/prepare-task.activity';
import type { PendingTask, PreparedFields, PreparedTasks } from '../../activities/tasks/save-preparing-tasks';
import type { EmailRequest } from '../../activities/tasks/email-requests';
import type { TaskEventInput } from '../../activities/tasks/send-task-notification.activity';
import type { Actor } from '../../domain/actor';
import { TASK_OWNER, type ApprovalLevel, type PlannedNotification, type TaskState } from '../../domain/task';
import { outboundActivities, recordActivities } from '../lib/activities';
import type { AfterAnswer } from '../lib/after-answer';
import type { Attention } from '../lib/attention';
import type { Mutex } from '../lib/mutex';
import { nowIso } from '../lib/now';
import type { PersonChange } from './task.definitions';

/** What a workflow that owns tasks lends the book: how to describe its item and record changes. */
export interface TaskHost {
  aimsId: string;
  workflowId: string;
  itemType: string;
  itemId: string;
  itemRef(): string;
  itemTitle(): string;
  itemPath(): string;
  recordChange(change: { actor: Actor | null; entityType: string; entityId: string; action: string; before: unknown; after: unknown }): void;
  /** Where a task's timed emails that cannot be planned or sent wait for an operator (`lib/attention.ts`). */
  attention: Attention;
  /** Where a command's emails wait to be sent after its answer (`lib/after-answer.ts`); shared with the item's own commands. */
  afterAnswer: AfterAnswer;
  /**
   * The lock the item's commands run under. A loop plans its next emails under it, so a command
   * and a loop never have local activities in flight together: their results could resolve in one
   * order live and in another on replay, and the commands that follow (an email activity, a
   * timer) would be recorded in an order a replay does not repeat.
   */
  lock?: Mutex;
  /**
   * The item's save prepares the tasks a command opened (`activities/tasks/save-preparing-tasks.ts`):
   * `create` runs no activity of its own, and the task's first plan comes with the save.
   */
  prepareInSave?: boolean;
}

/** A task event's emails as a command asks for them; `at` (their Date header) is the workflow's time unless given. */
export type TaskEvent = Pick<TaskEventInput, 'kind' | 'recipientIds' | 'eventKey' | 'extension' | 'note'> & { at?: string };

export interface NewTask {
  step: string;
  title: string;
  owner: PrepareTaskInput['owner'];
  deadline: PrepareTaskInput['deadline'];
  approval: ApprovalLevel;
  /** First escalation step instead of the owner's manager (e.g. the chair, for review inputs). */
  escalateTo?: string;
}

/**
 * The one deadline mechanism of the product, on the workflow side. Every task is tracked by a
 * loop that asks an activity for its next timed emails (reminders, overdue, escalations,
 * chase), sleeps until their instant, and sends them, unless the task changed meanwhile:
 * completion, reassignment or a new due date wake the loop at once and it plans again.
 */
export class TaskBook {
  /** Bumped on every change that moves a task's timers; not persisted (loops restart from state). */
  private readonly versions = new Map<string, number>();
  /** Tasks whose loop runs, so that none is tracked twice. */
  private readonly tracked = new Set<string>();
  /** Tasks made since the last save, for the save to prepare (`prepareInSave`). */
  private pending: PendingTask[] = [];
  /** First plans that came with the save, taken by each task's loop instead of asking. */
  private readonly prefetched = new Map<string, { plan: PlannedNotification[]; after: string }>();
  /** Emails asked for since the last save, for the save to queue (`emailsGoWithSave`). */
  private emails: EmailRequest[] = [];
  /** Tasks whose assignment email was asked for as they were made: `announce` only starts their timers. */
  private readonly assignmentQueued = new Set<string>();

  constructor(
    readonly tasks: Record<string, TaskState>,
    private readonly host: TaskHost,
  ) {}

  /** Creates the task in state (its due date computed by an activity). Save, then `announce` it. */
  async create(spec: NewTask, actor: Actor | null): Promise<TaskState> {
    // The instant the task is made, read before the local activity: the clock after it can be
    // later in a live run than on replay (a slow activity under load), and the assignment email
    // is dated with it (`announce`).
    const createdAt = nowIso();
    if (this.host.prepareInSave && patched('prepare-tasks-in-save')) {
      // As far as the workflow knows it: the save fills in the rest (`applyPrepared`) before
      // anything reads it. The owner is the person named, or nobody yet for the programme
      // manager; a dated deadline is its due date already.
      const ownerId = 'id' in spec.owner ? spec.owner.id : '';
      const dueDate = spec.deadline.kind === 'date' ? spec.deadline.dueDate : '';
      const task = this.add(spec, { ownerId, ownerManagerId: spec.escalateTo ?? null, dueDate, maxExtensions: 0 }, createdAt, actor);
      if (this.emailsGoWithSave()) {
        // Its owner is told by the same save that prepares it, dated when it was made.
        this.emails.push(this.emailRequest(task, { kind: 'assignment', recipientIds: [TASK_OWNER], eventKey: 'assigned', at: createdAt }));
        this.assignmentQueued.add(task.id);
      }
      this.pending.push({
        taskId: task.id,
        owner: spec.owner,
        deadline: spec.deadline,
        eventAt: createdAt,
        ...(spec.escalateTo ? { escalateTo: spec.escalateTo } : {}),
      });
      return task;
    }
    const prepared = await recordActivities.prepareTask({ aimsId: this.host.aimsId, owner: spec.owner, eventAt: createdAt, deadline: spec.deadline });
    const { ownerId, dueDate, maxExtensions } = prepared;
    return this.add(spec, { ownerId, ownerManagerId: spec.escalateTo ?? prepared.ownerManagerId, dueDate, maxExtensions }, createdAt, actor);
  }

  /** Puts a new task in state with its prepared fields and records its assignment. */
  private add(spec: NewTask, prepared: PreparedFields, createdAt: string, actor: Actor | null): TaskState {
    const task: TaskState = {
      id: uuid4(),
      aimsId: this.host.aimsId,
      workflowId: this.host.workflowId,
      itemType: this.host.itemType,
      itemId: this.host.itemId,
      itemRef: this.host.itemRef(),
      step: spec.step,
      title: spec.title,
      ownerId: prepared.ownerId,
      ownerManagerId: prepared.ownerManagerId,
      dueDate: prepared.dueDate,
      status: 'open',
      approval: spec.approval,
      maxExtensions: prepared.maxExtensions,
      extensions: [],
      createdAt,
      completedAt: null,
    };
    this.tasks[task.id] = task;
    this.host.recordChange({ actor, entityType: 'task', entityId: task.id, action: 'assigned', before: null, after: summary(task) });
    return task;
  }

  /** The tasks the next save must prepare; from now on they are the save's. */
  takePending(): PendingTask[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** The emails the next save must queue; from now on they are the save's. */
  takeEmails(): EmailRequest[] {
    const taken = this.emails;
    this.emails = [];
    return taken;
  }

  /** A save that failed gives back what it took, ahead of anything asked for since: its retry takes them again. */
  putBack(pending: PendingTask[], emails: EmailRequest[]): void {
    this.pending = [...pending, ...this.pending];
    this.emails = [...emails, ...this.emails];
  }

  /** A command was undone before its save: the tasks it made and the emails it asked for are gone with it. */
  dropPending(): void {
    this.pending = [];
    this.emails = [];
  }

  /**
   * Whether the emails a command asks for are queued by its save, in the change's transaction,
   * and delivered by the outbox sender (`activities/outbox/`), rather than sent by an activity
   * after the answer: since the patch `email-outbox`, for items whose save prepares their tasks.
   * Call sites that sent after their save ask for the email before it (`queueWithSave`).
   */
  emailsGoWithSave(): boolean {
    return this.host.prepareInSave === true && patched('email-outbox');
  }

  /**
   * Asks for a task event's emails to go with the save that follows, and says whether it did;
   * when not (an item that does not prepare in its save, a history from before), the caller
   * sends them after its save as before.
   */
  queueWithSave(task: TaskState, event: TaskEvent): boolean {
    return this.askWithSave(this.emailRequest(task, event));
  }

  /** Any email the item's command asks for (an audit's notice or report too), on the same terms as `queueWithSave`. */
  askWithSave(request: EmailRequest): boolean {
    if (!this.emailsGoWithSave()) return false;
    this.emails.push(request);
    return true;
  }

  private emailRequest(task: TaskState, event: TaskEvent): EmailRequest {
    return { type: 'task_event', taskId: task.id, itemTitle: this.host.itemTitle(), itemPath: this.host.itemPath(), ...event, at: event.at ?? nowIso() };
  }

  /** What the save found for the tasks it prepared, and their first plans. */
  applyPrepared(prepared: PreparedTasks, pending: PendingTask[]): void {
    for (const { taskId, eventAt } of pending) {
      const found = prepared[taskId];
      const task = this.tasks[taskId];
      if (!found || !task) continue;
      const { plan, ...fields } = found;
      Object.assign(task, fields);
      if (plan) this.prefetched.set(taskId, { plan, after: eventAt });
    }
  }

  /**
   * After the task is saved: tell its owner and start its timers. The assignment email is dated
   * when the task was made (a timed task: the instant it was due), not when the save that came
   * between finished.
   */
  async announce(task: TaskState): Promise<void> {
    this.startTracking(task.id);
    // Since 'email-outbox' the save that prepared the task queued its assignment email.
    if (this.assignmentQueued.delete(task.id)) return;
    await this.sendEvent(task, { kind: 'assignment', recipientIds: [task.ownerId], eventKey: 'assigned', at: task.createdAt });
  }

  startTracking(taskId: string): void {
    if (this.tracked.has(taskId)) return;
    this.tracked.add(taskId);
    void this.track(taskId).finally(() => this.tracked.delete(taskId));
  }

  /**
   * After a command was undone (`lib/checkpoint.ts`): a task it had completed is open again,
   * but its loop saw the completion and ended; start it again.
   */
  resumeTracking(): void {
    for (const task of this.openTasks()) this.startTracking(task.id);
  }

  finish(task: TaskState, status: 'done' | 'cancelled', actor: Actor | null, action = status === 'done' ? 'completed' : 'cancelled'): void {
    const before = summary(task);
    task.status = status;
    task.completedAt = nowIso();
    for (const request of task.extensions) if (request.status === 'pending') request.status = 'rejected';
    this.bump(task.id);
    this.host.recordChange({ actor, entityType: 'task', entityId: task.id, action, before, after: summary(task) });
  }

  reassign(task: TaskState, ownerId: string, ownerManagerId: string | null, actor: Actor, reason: string): string {
    const before = summary(task);
    const previousOwner = task.ownerId;
    task.ownerId = ownerId;
    task.ownerManagerId = ownerManagerId;
    this.bump(task.id);
    this.host.recordChange({ actor, entityType: 'task', entityId: task.id, action: 'reassigned', before, after: { ...summary(task), reason } });
    return previousOwner;
  }

  /** Looks up the new owner's manager, for escalation; an activity, as it reads the people table. */
  managerOf(ownerId: string): Promise<string | null> {
    return recordActivities.managerOf(ownerId);
  }

  requestExtension(task: TaskState, actor: Actor, newDueDate: string, reason: string): string {
    const id = uuid4();
    task.extensions.push({
      id,
      requestedDueDate: newDueDate,
      previousDueDate: task.dueDate,
      reason,
      requestedBy: actor.id,
      requestedAt: nowIso(),
      status: 'pending',
    });
    this.host.recordChange({
      actor,
      entityType: 'task',
      entityId: task.id,
      action: 'extension_requested',
      before: null,
      after: { requestId: id, newDueDate, reason },
    });
    return id;
  }

  decideExtension(task: TaskState, actor: Actor, requestId: string, approve: boolean, comment: string): void {
    const request = task.extensions.find((e) => e.id === requestId)!;
    const before = summary(task);
    request.status = approve ? 'approved' : 'rejected';
    request.decidedBy = actor.id;
    request.decidedAt = nowIso();
    request.comment = comment;
    if (approve) {
      task.dueDate = request.requestedDueDate;
      this.bump(task.id);
    }
    this.host.recordChange({
      actor,
      entityType: 'task',
      entityId: task.id,
      action: approve ? 'extension_approved' : 'extension_rejected',
      before,
      after: { ...summary(task), requestId, comment },
    });
  }

  /**
   * Sends a task event's emails. Since 'email-after-answer' the command does not wait for them:
   * the send activity is scheduled in the same workflow task that answers the update, so the
   * answer never waits for a mail relay, and Temporal's history holds the send as durably as
   * the change (the activity's exactly-once key and Message-ID are unchanged). The workflow
   * waits for sends in flight before it ends or continues as new (`idle`). Histories recorded
   * before the patch awaited each send inside the command and replay that way.
   */
  sendEvent(task: TaskState, event: TaskEvent): Promise<unknown> {
    const input: TaskEventInput = {
      task: { ...task, extensions: [...task.extensions] },
      itemTitle: this.host.itemTitle(),
      itemPath: this.host.itemPath(),
      ...event,
      at: event.at ?? nowIso(),
    };
    const send = () => outboundActivities.sendTaskEvent(input);
    if (!patched('email-after-answer')) return send();
    const step = { itemType: 'task', itemId: task.id, itemLabel: `${this.host.itemRef()}: ${task.title}`, step: `send_${event.kind}` };
    // One after the other, in the order the commands asked for them, as when each was awaited.
    this.host.afterAnswer.send(step, send);
    return Promise.resolve();
  }

  /**
   * No email a command asked for is still being sent (the book's events and the item's own, which
   * share its `afterAnswer`): the workflow may end or continue as new.
   */
  idle(): boolean {
    return this.host.afterAnswer.idle();
  }

  /**
   * A person changed (`task.definitions.ts`): tasks of that owner escalating to their old manager
   * escalate to the new one (to nobody but the programme manager if the person escalated to has
   * left), and every open task plans again, so a sleeping loop wakes and its
   * next email goes out at 09:00 in the recipient's zone as it is now. Nothing is saved: the
   * first escalation step lives in workflow state only.
   */
  applyPersonChange(change: PersonChange): void {
    for (const task of this.openTasks()) {
      if (change.manager && task.ownerId === change.personId && task.ownerManagerId === change.manager.from) task.ownerManagerId = change.manager.to;
      if (change.left && task.ownerManagerId === change.personId) task.ownerManagerId = null;
      this.bump(task.id);
    }
  }

  openTasks(): TaskState[] {
    return Object.values(this.tasks).filter((t) => t.status === 'open');
  }

  private bump(taskId: string): void {
    this.versions.set(taskId, (this.versions.get(taskId) ?? 0) + 1);
  }

  private async track(taskId: string): Promise<void> {
    let after = nowIso();
    const title = this.tasks[taskId]?.title ?? taskId;
    // A task whose emails cannot be planned or sent waits for an operator alone; the other
    // tasks' loops go on. A new date, owner or completion retries it at once.
    const step = (name: string) => ({ itemType: 'task', itemId: taskId, itemLabel: `${this.host.itemRef()}: ${title}`, step: name });
    const version = () => this.versions.get(taskId) ?? 0;
    for (;;) {
      const task = this.tasks[taskId];
      if (!task || task.status !== 'open') return;
      const planVersion = version();
      const changed = () => task.status !== 'open' || version() !== planVersion;
      const plan = () =>
        recordActivities.planNextTaskNotifications({
          // createdAt: a task created past due hears of it first (activity input only: replays as before).
          task: { aimsId: task.aimsId, ownerId: task.ownerId, ownerManagerId: task.ownerManagerId, dueDate: task.dueDate, createdAt: task.createdAt },
          after,
        });
      // The workflow clock as the plan is asked for: it comes from the activation that woke the
      // loop, so a replay reads the same. The clock after the local activity may not (a replay
      // resumes at the task's start, a live run after the activity ran), and a next instant
      // within those milliseconds decided "wait" one way and "send now" the other.
      let askedAt = Date.now();
      let planned: Awaited<ReturnType<typeof plan>>;
      const lock = this.host.lock;
      const prefetched = this.prefetched.get(taskId);
      this.prefetched.delete(taskId);
      if (prefetched && planVersion === 0) {
        // The plan the save made as the task was opened (`prepareInSave`), from the same instant.
        planned = prefetched.plan;
        askedAt = Date.parse(prefetched.after);
      } else {
        try {
          planned =
            lock && patched('task-plan-under-lock')
              ? await lock.runExclusive(() => {
                  askedAt = Date.now();
                  return plan();
                })
              : await plan();
        } catch (error) {
          planned = await this.host.attention.recover(
            error,
            step('plan_notifications'),
            async () => {
              askedAt = Date.now();
              return task.status === 'open' ? plan() : [];
            },
            version,
          );
        }
      }
      const at = planned[0]?.at;
      if (changed() || at === undefined) {
        if (!changed()) await condition(changed);
        after = nowIso();
        continue;
      }
      const wait = Date.parse(at) - (patched('task-wait-from-plan-time') ? askedAt : Date.now());
      if (wait > 0 && (await condition(changed, wait))) {
        after = nowIso();
        continue;
      }
      if (changed()) {
        after = nowIso();
        continue;
      }
      for (const notification of planned) {
        const send = () =>
          outboundActivities.sendTaskNotification({
            task: { ...task, extensions: [...task.extensions] },
            itemTitle: this.host.itemTitle(),
            itemPath: this.host.itemPath(),
            notification,
          });
        try {
          await send();
        } catch (error) {
          await this.host.attention.recover(error, step('send_notification'), send, version);
        }
      }
      after = at;
    }
  }
}

function summary(task: TaskState) {
  return { step: task.step, title: task.title, ownerId: task.ownerId, dueDate: task.dueDate, status: task.status };
}
