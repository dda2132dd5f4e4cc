import type { TaskState } from './task';

export const REVIEW_INPUT_IDS = ['a', 'b', 'c', 'd', 'e'] as const;
export type ReviewInputId = (typeof REVIEW_INPUT_IDS)[number];
export const DECISION_KINDS = ['improvement', 'change'] as const;
export const REVIEW_STATUSES = ['preparing', 'meeting', 'minutes_recorded', 'closed'] as const;

export interface ReviewCycleState {
  aimsId: string;
  workflowId: string;
  chairId: string;
  attendeeIds: string[];
  inputOwners: Record<ReviewInputId, string>;
  firstMeetingDate: string;
  intervalMonths: number;
  nextIndex: number;
  version: number;
}

export interface PlannedReview {
  index: number;
  /** The id the review will have once opened; absent from plans recorded before it was planned here. */
  reviewId?: string;
  meetingDate: string;
  /** ISO instants: the meeting starts; the review opens (inputs requested, invitation sent). */
  meetingAt: string;
  meetingEndsAt: string;
  opensAt: string;
  inputsDue: string;
}

export interface ReviewDecision {
  id: string;
  kind: (typeof DECISION_KINDS)[number];
  text: string;
  actionTaskId: string | null;
}

export interface ReviewState {
  id: string;
  aimsId: string;
  workflowId: string;
  number: number | null;
  index: number;
  status: (typeof REVIEW_STATUSES)[number];
  chairId: string;
  attendeeIds: string[];
  meetingDate: string;
  meetingAt: string;
  meetingEndsAt: string;
  inputs: Record<ReviewInputId, { ownerId: string; taskId: string; text: string | null; submittedAt: string | null }>;
  minutes: string | null;
  decisions: ReviewDecision[];
  approvedAt: string | null;
  version: number;
  tasks: Record<string, TaskState>;
}

export const reviewCycleWorkflowId = (aimsId: string): string => `review-cycle-${aimsId}`;
export const reviewWorkflowId = (aimsId: string, index: number): string => `management-review-${aimsId}-${index}`;
