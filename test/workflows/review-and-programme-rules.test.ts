import { describe, expect, it } from 'vitest';
import type { ProgrammeState } from '../../domain/audit';
import type { ReviewState } from '../../domain/review';
import { checkCadenceChange, checkMove, checkPause, checkResume, checkSkip } from '../../workflows/audits/audit-programme.rules';
import { checkApproval, checkDecisionAction, checkInput, checkMeeting } from '../../workflows/reviews/management-review.rules';
import { actor, refusal, task, tasksOf } from '../support/rule-fixtures';

// The management review's and the audit programme's command checks, pure.

const PM = actor('pam', 'programme_manager');
const CHAIR = actor('chloe', 'management');
const OWNER = actor('owen', 'action_owner');
const MEETING = Date.parse('2027-06-01T08:00:00Z');

function review(over: Partial<ReviewState> = {}): ReviewState {
  const input = task('in-a', 'input_a', OWNER.id);
  const action = task('act', 'decision_action', OWNER.id);
  return {
    id: 'rev',
    aimsId: 'aims',
    workflowId: 'wf',
    number: 1,
    index: 0,
    status: 'preparing',
    chairId: CHAIR.id,
    attendeeIds: [],
    meetingDate: '2027-06-01',
    meetingAt: new Date(MEETING).toISOString(),
    meetingEndsAt: '2027-06-01T10:00:00Z',
    inputs: { a: { ownerId: OWNER.id, taskId: input.id, text: null, submittedAt: null } } as ReviewState['inputs'],
    minutes: null,
    decisions: [],
    approvedAt: null,
    version: 1,
    tasks: tasksOf(input, action),
    ...over,
  };
}

describe('management review rules', () => {
  it('returns an input task to its owner and refuses others', () => {
    const state = review();
    expect(checkInput(state, OWNER, 'a')).toBe(state.tasks['in-a']);
    expect(refusal(() => checkInput(state, actor('olaf'), 'a'))).toBe('Forbidden');
    expect(refusal(() => checkInput(state, OWNER, 'b'))).toBe('Invalid');
  });

  it('records the meeting once it started, by the chair or a programme manager, actions with owners', () => {
    expect(refusal(() => checkMeeting(review(), CHAIR, [], MEETING))).toBeUndefined();
    expect(refusal(() => checkMeeting(review(), PM, [], MEETING))).toBeUndefined();
    expect(refusal(() => checkMeeting(review(), OWNER, [], MEETING))).toBe('Forbidden');
    expect(refusal(() => checkMeeting(review(), CHAIR, [], MEETING - 1))).toBe('Conflict');
    expect(refusal(() => checkMeeting(review({ status: 'minutes_recorded' }), CHAIR, [], MEETING))).toBe('Conflict');
    expect(
      refusal(() => checkMeeting(review(), CHAIR, [{ kind: 'change', text: 't', action: { title: 'a', ownerId: '', dueDate: '2027-07-01' } }], MEETING)),
    ).toBe('Invalid');
  });

  it('lets only the chair approve recorded minutes', () => {
    expect(refusal(() => checkApproval(review({ status: 'minutes_recorded' }), CHAIR))).toBeUndefined();
    expect(refusal(() => checkApproval(review({ status: 'minutes_recorded' }), PM))).toBe('Forbidden');
    expect(refusal(() => checkApproval(review(), CHAIR))).toBe('Conflict');
  });

  it('returns a decision action task, and refuses other tasks', () => {
    const state = review();
    expect(checkDecisionAction(state, OWNER, 'act')).toBe(state.tasks['act']);
    expect(refusal(() => checkDecisionAction(state, OWNER, 'in-a'))).toBe('Invalid');
    expect(refusal(() => checkDecisionAction(state, OWNER, 'nope'))).toBe('NotFound');
  });
});

function programme(over: Partial<ProgrammeState> = {}): ProgrammeState {
  return {
    aimsId: 'aims',
    workflowId: 'wf',
    cadence: 'quarterly',
    anchorDate: '2027-03-01',
    generation: 0,
    paused: false,
    nextIndex: 2,
    overrides: {},
    version: 1,
    ...over,
  };
}

describe('audit programme rules', () => {
  it('pauses and resumes by a programme manager, each once', () => {
    expect(refusal(() => checkPause(programme(), PM))).toBeUndefined();
    expect(refusal(() => checkPause(programme(), OWNER))).toBe('Forbidden');
    expect(refusal(() => checkPause(programme({ paused: true }), PM))).toBe('Conflict');
    expect(refusal(() => checkResume(programme(), PM))).toBe('Conflict');
  });

  it('moves or skips only upcoming occurrences, and skips each once', () => {
    expect(refusal(() => checkMove(programme(), PM, 2))).toBeUndefined();
    expect(refusal(() => checkMove(programme(), PM, 1))).toBe('Conflict');
    expect(refusal(() => checkMove(programme(), PM, 2.5))).toBe('Conflict');
    expect(refusal(() => checkSkip(programme({ overrides: { '3': { skipped: true, reason: 'r' } } }), PM, 3))).toBe('Conflict');
  });

  it('refuses the cadence it has', () => {
    expect(refusal(() => checkCadenceChange(programme(), PM, { cadence: 'quarterly', anchorDate: '2027-03-01' }))).toBe('Invalid');
    expect(refusal(() => checkCadenceChange(programme(), PM, { cadence: 'annual', anchorDate: '2027-03-01' }))).toBeUndefined();
  });
});
