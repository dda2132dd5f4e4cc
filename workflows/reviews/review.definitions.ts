import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/actor';
import type { ReviewCycleState, ReviewInputId, ReviewState } from '../../domain/review';

// Contracts of the management review workflows, imported by the API.

export type ReviewCycleInput =
  | {
      kind: 'new';
      aimsId: string;
      chairId: string;
      attendeeIds: string[];
      inputOwners: Record<ReviewInputId, string>;
      firstMeetingDate: string;
      intervalMonths: number;
      actor: Actor;
    }
  | { kind: 'continued'; state: ReviewCycleState; seq: number };

export interface ReviewInput {
  reviewId: string;
  aimsId: string;
  index: number;
  chairId: string;
  attendeeIds: string[];
  inputOwners: Record<ReviewInputId, string>;
  meetingDate: string;
  meetingAt: string;
  meetingEndsAt: string;
  inputsDue: string;
}

export interface DecisionEntry {
  kind: 'improvement' | 'change';
  text: string;
  action: { title: string; ownerId: string; dueDate: string } | null;
}

export const reviewCycleRecordedUpdate = defineUpdate<void>('reviewCycleRecorded');
export const reviewCycleStateQuery = defineQuery<ReviewCycleState>('reviewCycleState');
export const submitReviewInputUpdate = defineUpdate<void, [Actor, { inputId: ReviewInputId; text: string }]>('submitReviewInput');
export const recordMeetingUpdate = defineUpdate<void, [Actor, { attendeeIds: string[]; minutes: string; decisions: DecisionEntry[] }]>('recordMeeting');
export const approveMinutesUpdate = defineUpdate<void, [Actor, Record<string, never>]>('approveMinutes');
export const completeDecisionActionUpdate = defineUpdate<void, [Actor, { taskId: string; evidence: string }]>('completeDecisionAction');
export const reviewStateQuery = defineQuery<ReviewState>('reviewState');
