import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';
import { REVIEW_INPUTS } from '../../domain/reference/iso42001';
import { REVIEW_INPUT_IDS, type ReviewState } from '../../domain/review';
import { outboundActivities, recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { startTaskItemWorkflow } from '../tasks/task-item-workflow';
import { registerReviewCommands } from './management-review.commands';
import * as def from './review.definitions';

/**
 * One management review (ISO/IEC 42001 9.3): the invitation goes out, each input (a–e) is a
 * task for its owner that escalates to the chair, the pack is compiled from the record when the
 * meeting starts, the chair (or a programme manager) records attendees, minutes and decisions,
 * and the review closes when the chair approves the minutes. Decision actions stay tracked,
 * like any task, until done.
 */
export async function managementReviewWorkflow(input: def.ReviewInput): Promise<ReviewState> {
  const state = newReviewState(input);
  const review = startTaskItemWorkflow({
    state,
    recorded: false,
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: 'management_review', id: state.id },
    item: {
      itemType: 'management_review',
      itemId: state.id,
      itemRef: () => (state.number === null ? 'MR' : `MR-${state.number}`),
      itemTitle: () => `Management review on ${state.meetingDate}`,
      itemPath: () => `/reviews/${state.id}`,
    },
    stateQuery: def.reviewStateQuery,
    persist: recordActivities.saveReview,
    persistPreparing: recordActivities.saveReviewPreparingTasks,
    afterSave: ({ number }) => {
      state.number = number;
    },
  });
  const { attention, book, change, log, save } = review;
  registerReviewCommands(review);

  change(null, 'scheduled', null, { meetingDate: state.meetingDate, meetingAt: state.meetingAt });
  await save();
  const inputTasks = [];
  for (const id of REVIEW_INPUT_IDS) {
    const title = REVIEW_INPUTS.find((i) => i.id === id)?.title ?? id;
    const task = await book.create(
      {
        step: `input_${id}`,
        title: `Review input (${id}): ${title}`,
        owner: { id: input.inputOwners[id] },
        deadline: { kind: 'date', dueDate: input.inputsDue },
        approval: 'manager',
        escalateTo: state.chairId,
      },
      null,
    );
    state.inputs[id] = { ownerId: task.ownerId, taskId: task.id, text: null, submittedAt: null };
    inputTasks.push(task);
  }
  await save();
  review.markRecorded();
  // Timed work of the review that cannot be done waits for an operator; commands and task loops go on.
  // Each first attempt is awaited as before (see Attention.recover) so recorded histories replay.
  const step = (name: string) => ({ itemType: 'management_review', itemId: state.id, itemLabel: review.host.itemTitle(), step: name });
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
  await condition(() => allHandlersFinished() && book.idle());
  return state;
}

function newReviewState(input: def.ReviewInput): ReviewState {
  return {
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
}
