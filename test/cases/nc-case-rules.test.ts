import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actor';
import type { CaseState, CaseStatus } from '../../domain/nc-case';
import type { TaskState } from '../../domain/task';
import { checkEffectiveness, checkPlanDecision, checkReassignForCase, independenceProblem } from '../../workflows/nc-case/nc-case.rules';

// The independence rules of the case workflow (SPEC 10.2), pure: whoever reviews effectiveness
// owns neither the case nor any of its actions, whichever command leads there.

const OWNER = 'owen';
const ACTOR_OF_ACTION = 'ana';
const REASSIGNED_ACTION_OWNER = 'rita';
const VERIFIER = 'vera';
const PM = 'pam';
const OUTSIDER = 'olaf';

function task(id: string, step: string, ownerId: string, status: TaskState['status'] = 'open'): TaskState {
  return {
    id,
    aimsId: 'aims',
    workflowId: 'wf',
    itemType: 'nc_case',
    itemId: 'case',
    itemRef: 'NC-1',
    step,
    title: step,
    ownerId,
    ownerManagerId: null,
    dueDate: '2027-05-03',
    status,
    approval: 'manager',
    maxExtensions: 2,
    extensions: [],
    createdAt: '2027-03-08T08:00:00Z',
    completedAt: null,
  };
}

/** A case at `status`: plan of one action (Ana's) approved with Vera as verifier; action 2 was reassigned to Rita. */
function caseAt(status: CaseStatus, tasks: TaskState[]): CaseState {
  return {
    id: 'case',
    aimsId: 'aims',
    title: 't',
    description: '',
    source: 'other',
    severity: 'minor',
    ownerId: OWNER,
    raisedBy: PM,
    clauseRef: null,
    auditId: null,
    raisedOn: '2027-03-08',
    workflowId: 'wf',
    number: 1,
    status,
    iteration: 1,
    verifierId: status === 'plan_approval' ? null : VERIFIER,
    containment: null,
    rootCauses: [
      {
        iteration: 1,
        method: 'five_whys',
        causes: ['c'],
        similarExist: false,
        similarDetails: '',
        submittedBy: OWNER,
        submittedAt: '2027-03-09T08:00:00Z',
        proposedActions: [
          { title: 'a1', ownerId: ACTOR_OF_ACTION, dueDate: '2027-05-03' },
          { title: 'a2', ownerId: ACTOR_OF_ACTION, dueDate: '2027-05-03' },
        ],
      },
    ],
    actions:
      status === 'plan_approval'
        ? []
        : [
            { id: 'act-1', iteration: 1, title: 'a1', taskId: 't-action-1', evidence: null, completedAt: null },
            { id: 'act-2', iteration: 1, title: 'a2', taskId: 't-action-2', evidence: null, completedAt: null },
          ],
    effectivenessReviews: [],
    cancelReason: null,
    closedAt: null,
    version: 3,
    tasks: Object.fromEntries(tasks.map((t) => [t.id, t])),
  };
}

const actor = (id: string, roles: Actor['roles'] = ['action_owner']): Actor => ({ id, name: id, roles });
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const { type, message } = error as { type: string; message: string };
    return { type, message };
  }
  return undefined;
};

describe('case independence rules', () => {
  const actionTasks = [task('t-action-1', 'action', ACTOR_OF_ACTION, 'done'), task('t-action-2', 'action', REASSIGNED_ACTION_OWNER, 'done')];
  const atEffectiveness = () => caseAt('effectiveness', [...actionTasks, task('t-eff', 'effectiveness', VERIFIER)]);

  it('counts the case owner, every proposed action owner and every current action task owner as not independent', () => {
    const state = atEffectiveness();
    expect(independenceProblem(state, OWNER)).toBe('the verifier must not be the owner of the case');
    expect(independenceProblem(state, ACTOR_OF_ACTION)).toBe('the verifier must not own one of the actions');
    expect(independenceProblem(state, REASSIGNED_ACTION_OWNER)).toBe('the verifier must not own one of the actions');
    expect(independenceProblem(state, VERIFIER)).toBeUndefined();
    expect(independenceProblem(state, PM)).toBeUndefined();
  });

  it('refuses a plan whose verifier owns one of its actions, and accepts an outsider', () => {
    const state = caseAt('plan_approval', [task('t-plan', 'plan_approval', PM)]);
    const pm = actor(PM, ['programme_manager']);
    expect(failure(() => checkPlanDecision(state, pm, true, ACTOR_OF_ACTION))).toEqual({
      type: 'Invalid',
      message: 'the verifier must not own one of the actions',
    });
    expect(failure(() => checkPlanDecision(state, pm, true, OWNER))).toEqual({ type: 'Invalid', message: 'the verifier must not be the owner of the case' });
    expect(failure(() => checkPlanDecision(state, pm, true, OUTSIDER))).toBeUndefined();
  });

  it('lets only the named verifier record effectiveness: not a programme manager, not the owner', () => {
    const state = atEffectiveness();
    expect(failure(() => checkEffectiveness(state, actor(PM, ['programme_manager'])))).toEqual({
      type: 'Forbidden',
      message: 'only the verifier named for this case may record effectiveness; reassign the effectiveness task to change the verifier',
    });
    expect(failure(() => checkEffectiveness(state, actor(OWNER)))?.message).toBe('the verifier must not be the owner of the case');
    expect(failure(() => checkEffectiveness(state, actor(VERIFIER, ['auditor'])))).toBeUndefined();
  });

  it('refuses an effectiveness verifier who is not independent even when the task was given to them', () => {
    // A history that reached this state by some other path: the check at the step still holds.
    const state = caseAt('effectiveness', [...actionTasks, task('t-eff', 'effectiveness', REASSIGNED_ACTION_OWNER)]);
    expect(failure(() => checkEffectiveness(state, actor(REASSIGNED_ACTION_OWNER)))).toEqual({
      type: 'Forbidden',
      message: 'the verifier must not own one of the actions',
    });
  });

  it('refuses to reassign the effectiveness task to the case owner or an action owner, but not to an outsider', () => {
    const state = atEffectiveness();
    const effectiveness = state.tasks['t-eff']!;
    expect(failure(() => checkReassignForCase(state, effectiveness, OWNER))?.message).toBe('the verifier must not be the owner of the case');
    expect(failure(() => checkReassignForCase(state, effectiveness, ACTOR_OF_ACTION))?.message).toBe('the verifier must not own one of the actions');
    expect(failure(() => checkReassignForCase(state, effectiveness, REASSIGNED_ACTION_OWNER))?.message).toBe('the verifier must not own one of the actions');
    expect(failure(() => checkReassignForCase(state, effectiveness, OUTSIDER))).toBeUndefined();
  });

  it('refuses to reassign an action to the verifier, but not to another person', () => {
    const state = caseAt('implementation', [task('t-action-1', 'action', ACTOR_OF_ACTION), task('t-action-2', 'action', REASSIGNED_ACTION_OWNER)]);
    const action = state.tasks['t-action-1']!;
    expect(failure(() => checkReassignForCase(state, action, VERIFIER))).toEqual({
      type: 'Invalid',
      message: 'the verifier of the case must not own one of its actions',
    });
    expect(failure(() => checkReassignForCase(state, action, OUTSIDER))).toBeUndefined();
  });

  it('keeps the narrower checks of older histories for handlers that replay them', () => {
    // What older workflow code accepted must be accepted again on replay, or the history diverges.
    const legacy = { full: false };
    const state = atEffectiveness();
    expect(failure(() => checkEffectiveness(state, actor(PM, ['programme_manager']), legacy))).toBeUndefined();
    expect(failure(() => checkEffectiveness(state, actor(OWNER), legacy))?.message).toBe('the verifier must not be the owner of the case');
    expect(failure(() => checkReassignForCase(state, state.tasks['t-eff']!, ACTOR_OF_ACTION, legacy))).toBeUndefined();
    expect(failure(() => checkReassignForCase(state, state.tasks['t-eff']!, OWNER, legacy))?.message).toBe('the verifier must not be the owner of the case');
  });
});
