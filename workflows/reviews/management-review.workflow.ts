import { allHandlersFinished, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import { REVIEW_INPUTS } from '../../domain/reference/iso42001';
import { REVIEW_INPUT_IDS, type ReviewState } from '../../domain/review';
import { outboundActivities, recordActivities } from '../lib/activities';
import { Attention } from '../lib/attention';
import { ChangeLog } from '../lib/change-log';
import { Checkpoint } from '../lib/checkpoint';
import { commandRegistrar } from '../lib/commands';
import { conflict, forbidden, invalid } from '../lib/failures';
import { Mutex } from '../lib/mutex';
import { registerTaskCommands } from '../tasks/task-commands';
import { TaskBook, type TaskHost } from '../tasks/task-book';
import { assertOwnerOrProgrammeManager, openTask } from '../tasks/task-rules';
import * as def from './review.definitions';

const nowIso = () => new Date(Date.now()).toISOString();

/**
 * One management review (ISO/IEC 42001 9.3): the invitation goes out, each input (a–e) is a
 * task for its owner that escalates to the chair, the pack is compiled from the record when the
 * meeting starts, the chair (or a programme manager) records attendees, minutes and decisions,
 * and the review closes when the chair approves the minutes. Decision actions stay tracked,
 * like any task, until done.
 */
export async function managementReviewWorkflow(input: def.ReviewInput): Promise<ReviewState> {
  const state: ReviewState = {
    id: input.reviewId,
    aimsId: input.aimsId,
    workflowId: workflowInfo().workflowId,
    number: null,
    index: input.index,
    status: 'preparing',
    chairId: input.chairId,
    attendeeIds: input.attendeeIds,
    meetingDate: input.meetingDate,
    meetingAt: input.meetingAt,
    meetingEndsAt: input.meetingEndsAt,
    inputs: {} as ReviewState['inputs'],
    minutes: null,
    decisions: [],
    approvedAt: null,
    version: 0,
    tasks: {},
  };
  const log = new ChangeLog();
  let recorded = false;
  const checkpoint = new Checkpoint(state, log);
  const command = commandRegistrar(new Mutex(), () => recorded, checkpoint);
  const attention = new Attention({ workflowId: state.workflowId, aimsId: state.aimsId });
  const host: TaskHost = {
    attention,
    aimsId: state.aimsId,
    workflowId: state.workflowId,
    itemType: 'management_review',
    itemId: state.id,
    itemRef: () => (state.number === null ? 'MR' : `MR-${state.number}`),
    itemTitle: () => `Management review on ${state.meetingDate}`,
    itemPath: () => `/reviews/${state.id}`,
    recordChange: (c) => log.record(c),
  };
  const book = new TaskBook(state.tasks, host);
  checkpoint.afterUndo(() => book.resumeTracking());
  const change = (actor: Actor | null, action: string, before: unknown, after: unknown) =>
    log.record({ actor, entityType: 'management_review', entityId: state.id, action, before, after });
  async function save(): Promise<void> {
    state.version += 1;
    const { number } = await recordActivities.saveReview({ state: JSON.parse(JSON.stringify(state)) as ReviewState, changes: log.take() });
    state.number = number;
    checkpoint.saved();
  }
  const isChairOrManager = (actor: Actor) => actor.id === state.chairId || actor.roles.includes('programme_manager');

  setHandler(def.reviewStateQuery, () => state);

  const checkInput = (actor: Actor, { inputId }: { inputId: (typeof REVIEW_INPUT_IDS)[number] }) => {
    const slot = state.inputs[inputId];
    if (!slot) throw invalid(`no review input ${inputId}`);
    const task = openTask(state.tasks, slot.taskId);
    assertOwnerOrProgrammeManager(task, actor);
    return task;
  };
  command(def.submitReviewInputUpdate, (actor, a) => void checkInput(actor, a), async (actor, a) => {
    const task = checkInput(actor, a);
    state.inputs[a.inputId] = { ...state.inputs[a.inputId], text: a.text, submittedAt: nowIso() };
    book.finish(task, 'done', actor);
    change(actor, 'input_submitted', null, { inputId: a.inputId, text: a.text });
    await save();
  });

  const checkMeeting = (actor: Actor, m: { decisions: def.DecisionEntry[] }) => {
    if (!isChairOrManager(actor)) throw forbidden('only the chair or a programme manager records the meeting');
    if (state.status === 'minutes_recorded' || state.status === 'closed') throw conflict(`the meeting is recorded already; the review is ${state.status.replace('_', ' ')}`);
    if (Date.now() < Date.parse(state.meetingAt)) throw conflict(`the meeting starts at ${state.meetingAt}`);
    if (m.decisions.some((d) => d.action && !d.action.ownerId)) throw invalid('a decision action needs an owner');
  };
  command(def.recordMeetingUpdate, checkMeeting, async (actor, m) => {
    const opened = [];
    for (const d of m.decisions) {
      let actionTaskId: string | null = null;
      if (d.action) {
        const task = await book.create(
          { step: 'decision_action', title: d.action.title, owner: { id: d.action.ownerId }, deadline: { kind: 'date', dueDate: d.action.dueDate }, approval: 'management' },
          actor,
        );
        actionTaskId = task.id;
        opened.push(task);
      }
      state.decisions.push({ id: uuid4(), kind: d.kind, text: d.text, actionTaskId });
    }
    state.attendeeIds = m.attendeeIds;
    state.minutes = m.minutes;
    change(actor, 'meeting_recorded', { status: state.status }, { status: 'minutes_recorded', attendeeIds: m.attendeeIds, minutes: m.minutes, decisions: m.decisions });
    state.status = 'minutes_recorded';
    await save();
    for (const task of opened) await book.announce(task);
  });

  const checkApproval = (actor: Actor) => {
    if (actor.id !== state.chairId) throw forbidden('only the chair approves the minutes');
    if (state.status !== 'minutes_recorded') throw conflict(`there are no recorded minutes to approve; the review is ${state.status.replace('_', ' ')}`);
  };
  command(def.approveMinutesUpdate, (actor) => checkApproval(actor), async (actor) => {
    state.approvedAt = nowIso();
    change(actor, 'closed', { status: state.status }, { status: 'closed' });
    state.status = 'closed';
    await save();
  });

  const checkAction = (actor: Actor, a: { taskId: string }) => {
    const task = openTask(state.tasks, a.taskId);
    if (task.step !== 'decision_action') throw invalid('that task is not a decision action');
    assertOwnerOrProgrammeManager(task, actor);
    return task;
  };
  command(def.completeDecisionActionUpdate, (actor, a) => void checkAction(actor, a), async (actor, a) => {
    const task = checkAction(actor, a);
    book.finish(task, 'done', actor);
    change(actor, 'action_completed', null, { taskId: task.id, evidence: a.evidence });
    await save();
  });

  registerTaskCommands(command, book, save);

  change(null, 'scheduled', null, { meetingDate: state.meetingDate, meetingAt: state.meetingAt });
  await save();
  const inputTasks = [];
  for (const id of REVIEW_INPUT_IDS) {
    const title = REVIEW_INPUTS.find((i) => i.id === id)?.title ?? id;
    const task = await book.create(
      { step: `input_${id}`, title: `Review input (${id}): ${title}`, owner: { id: input.inputOwners[id] }, deadline: { kind: 'date', dueDate: input.inputsDue }, approval: 'manager', escalateTo: state.chairId },
      null,
    );
    state.inputs[id] = { ownerId: task.ownerId, taskId: task.id, text: null, submittedAt: null };
    inputTasks.push(task);
  }
  await save();
  recorded = true;
  // Timed work of the review that cannot be done waits for an operator; commands and task loops go on.
  // Each first attempt is awaited as before (see Attention.recover) so recorded histories replay.
  const step = (name: string) => ({ itemType: 'management_review', itemId: state.id, itemLabel: host.itemTitle(), step: name });
  const invite = () => outboundActivities.sendReviewInvitation({ reviewId: state.id, at: nowIso() });
  try {
    await invite();
  } catch (error) {
    await attention.recover(error, step('send_invitation'), invite);
  }
  for (const task of inputTasks) await book.announce(task);

  // The pack is compiled from the record when the meeting starts (and on demand through the API).
  await condition(() => state.status !== 'preparing', Math.max(0, Date.parse(state.meetingAt) - Date.now()));
  if (state.status === 'preparing') {
    const storePack = () => recordActivities.storeReviewPack({ reviewId: state.id, at: nowIso() });
    try {
      await storePack();
    } catch (error) {
      await attention.recover(error, step('store_review_pack'), storePack);
    }
    change(null, 'pack_compiled', null, { at: nowIso() });
    state.status = 'meeting';
    const mark = log.mark();
    try {
      await save();
    } catch (error) {
      log.restore(mark); // the entries go with the retried save
      await attention.recover(error, step('save_review'), log.keepingChanges(save));
    }
  }
  await condition(() => state.status === 'closed' && book.openTasks().every((t) => t.step !== 'decision_action'));
  for (const task of book.openTasks()) book.finish(task, 'cancelled', null, 'closed_with_review');
  if (log.seq > 0) await save();
  await condition(allHandlersFinished);
  return state;
}
