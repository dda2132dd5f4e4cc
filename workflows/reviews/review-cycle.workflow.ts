import { allHandlersFinished, condition, continueAsNew, patched, uuid4, workflowInfo } from '@temporalio/workflow';
import { reviewWorkflowId, type ReviewCycleState } from '../../domain/review';
import { outboundActivities, recordActivities } from '../lib/activities';
import { startItemWorkflow } from '../lib/item-workflow';
import * as def from './review.definitions';

/**
 * The management reviews of one AIMS at their interval (annual by default), for years: sleeps
 * until each review opens (20 working days before its meeting), starts that review's workflow,
 * and continues as new after each one, so its history stays small.
 */
export async function reviewCycleWorkflow(input: def.ReviewCycleInput): Promise<void> {
  const state: ReviewCycleState =
    input.kind === 'continued'
      ? input.state
      : {
          aimsId: input.aimsId,
          workflowId: workflowInfo().workflowId,
          chairId: input.chairId,
          attendeeIds: input.attendeeIds,
          inputOwners: input.inputOwners,
          firstMeetingDate: input.firstMeetingDate,
          intervalMonths: input.intervalMonths,
          nextIndex: 0,
          version: 0,
        };
  const cycle = startItemWorkflow({
    state,
    seq: input.kind === 'continued' ? input.seq : 0,
    recorded: input.kind === 'continued',
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: 'review_cycle', id: state.aimsId },
    stateQuery: def.reviewCycleStateQuery,
    recordedUpdate: def.reviewCycleRecordedUpdate,
    persist: recordActivities.saveReviewCycle,
  });
  const { attention, change, log, save } = cycle;

  if (input.kind === 'new') {
    change(input.actor, 'created', null, { firstMeetingDate: state.firstMeetingDate, intervalMonths: state.intervalMonths, chairId: state.chairId });
    await save();
    cycle.markRecorded();
  }

  // A review that cannot be planned (a corrupt calendar, a meeting date out of range) waits for an operator.
  const step = (name: string) => ({
    itemType: 'review_cycle',
    itemId: `${state.nextIndex}`,
    itemLabel: `Management review ${state.nextIndex + 1}`,
    step: name,
  });
  const next = await attention.guard(step('plan_review'), () => recordActivities.planReview({ ...state, index: state.nextIndex }));
  const wait = Date.parse(next.opensAt) - Date.now();
  if (wait > 0) await condition(() => false, wait);
  // The planned id (known to feeds before the review opens, so its UID matches the invitation's).
  // A plan recorded before plans carried it still draws a random one, as that history did.
  const reviewId = patched('review-id-from-plan') && next.reviewId ? next.reviewId : uuid4();
  await outboundActivities.startWorkflow({
    type: 'managementReviewWorkflow',
    workflowId: reviewWorkflowId(state.aimsId, next.index),
    args: [
      {
        reviewId,
        aimsId: state.aimsId,
        index: next.index,
        chairId: state.chairId,
        attendeeIds: state.attendeeIds,
        inputOwners: state.inputOwners,
        meetingDate: next.meetingDate,
        meetingAt: next.meetingAt,
        meetingEndsAt: next.meetingEndsAt,
        inputsDue: next.inputsDue,
      },
    ],
  });
  change(null, 'review_opened', null, { index: next.index, meetingDate: next.meetingDate });
  state.nextIndex += 1;
  await attention.guard(step('save_review_cycle'), log.keepingChanges(save));
  await condition(allHandlersFinished);
  await continueAsNew<typeof reviewCycleWorkflow>({ kind: 'continued', state, seq: log.seq });
}
