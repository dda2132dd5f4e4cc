import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_MATRIX, isAboveAppetite, riskLevel, type RiskLevel } from '../../domain/ai-risk';
import type { AiSystemState, AssessmentCycle } from '../../domain/ai-system';
import { checkApprove, checkOwnerOrManager, checkRetire, checkRisks, checkSubmit, checkTreatmentAction } from '../../workflows/ai-systems/ai-system.rules';
import { actor, refusal, task, tasksOf } from '../support/rule-fixtures';

// The AI risk matrix and the AI system's command checks, pure.

const PM = actor('pam', 'programme_manager');
const OWNER = actor('owen', 'action_owner');
const RISK_OWNER = actor('rita', 'management');

function cycle(over: Partial<AssessmentCycle> = {}): AssessmentCycle {
  return {
    id: 'c1',
    reason: 'planned',
    changeId: null,
    dueDate: '2027-03-01',
    openedAt: '2027-02-01T08:00:00Z',
    completedAt: null,
    completedOn: null,
    risk: null,
    impact: null,
    ...over,
  };
}

function system(over: Partial<AiSystemState> = {}): AiSystemState {
  return {
    id: 's1',
    aimsId: 'aims',
    workflowId: 'wf',
    status: 'active',
    facts: {
      name: 'Bot',
      purpose: 'p',
      role: 'provider',
      ownerId: 'owen',
      riskOwnerId: 'rita',
      lifecycleStage: 'deployment',
      deploymentStatus: 'live',
      intendedUsers: '',
      affectedPeople: '',
      dataUsed: [],
      thirdPartyComponents: [],
      suppliers: [],
      riskClassification: 'limited',
      reassessmentMonths: null,
    },
    registeredAt: '2027-01-04T08:00:00Z',
    retiredAt: null,
    nextPlanned: null,
    current: cycle(),
    completed: [],
    changes: [],
    version: 1,
    tasks: {},
    ...over,
  };
}

const submitted = (by: string) => ({ risks: [], impacts: [], submittedBy: by, submittedAt: '2027-02-10T10:00:00Z', approvedBy: null, approvedAt: null });

describe('the AI risk matrix', () => {
  // By hand, likelihood (rows) × consequence (columns), products 1–4 low, 5–9 medium, 10–16 high, 20–25 critical.
  const EXPECTED: RiskLevel[][] = [
    ['low', 'low', 'low', 'low', 'medium'],
    ['low', 'low', 'medium', 'medium', 'high'],
    ['low', 'medium', 'medium', 'high', 'high'],
    ['low', 'medium', 'high', 'high', 'critical'],
    ['medium', 'high', 'high', 'critical', 'critical'],
  ];
  const pairs = [1, 2, 3, 4, 5].flatMap((l) => [1, 2, 3, 4, 5].map((c) => [l, c] as const));

  it.each(pairs)('likelihood %i × consequence %i gets the default matrix level', (l, c) => {
    expect(riskLevel(DEFAULT_RISK_MATRIX, l, c)).toBe(EXPECTED[l - 1]![c - 1]);
  });

  it('reads a per-AIMS matrix, not the default', () => {
    const allCritical: RiskLevel[][] = EXPECTED.map((row) => row.map(() => 'critical'));
    for (const [l, c] of pairs) expect(riskLevel(allCritical, l, c)).toBe('critical');
  });

  it.each([
    [0, 3],
    [6, 3],
    [3, 0],
    [3, 6],
    [2.5, 3],
  ])('refuses likelihood %s × consequence %s, outside the matrix', (l, c) => {
    expect(() => riskLevel(DEFAULT_RISK_MATRIX, l, c)).toThrow(RangeError);
  });

  it('flags levels above the appetite only', () => {
    expect(isAboveAppetite('high', 'medium')).toBe(true);
    expect(isAboveAppetite('medium', 'medium')).toBe(false);
    expect(isAboveAppetite('critical', 'high')).toBe(true);
    expect(isAboveAppetite('low', 'low')).toBe(false);
  });
});

describe('AI system command checks', () => {
  it('refuses every change to a retired system', () => {
    const retired = system({ status: 'retired' });
    expect(refusal(() => checkOwnerOrManager(retired, PM, 'records a significant change'))).toBe('Conflict');
    expect(refusal(() => checkRetire(retired, PM))).toBe('Conflict');
    expect(refusal(() => checkSubmit(retired, OWNER, 'risk'))).toBe('Conflict');
  });

  it('lets only the owner or a programme manager change the register, and only a programme manager retire', () => {
    expect(refusal(() => checkOwnerOrManager(system(), RISK_OWNER, 'updates the register'))).toBe('Forbidden');
    expect(refusal(() => checkOwnerOrManager(system(), OWNER, 'updates the register'))).toBeUndefined();
    expect(refusal(() => checkRetire(system(), OWNER))).toBe('Forbidden');
    expect(refusal(() => checkRetire(system(), PM))).toBeUndefined();
  });

  it('refuses a submission with no assessment open, by someone else, or twice', () => {
    expect(refusal(() => checkSubmit(system({ current: null }), OWNER, 'risk'))).toBe('Conflict');
    expect(refusal(() => checkSubmit(system(), RISK_OWNER, 'impact'))).toBe('Forbidden');
    expect(refusal(() => checkSubmit(system({ current: cycle({ risk: submitted('owen') }) }), OWNER, 'risk'))).toBe('Conflict');
    expect(refusal(() => checkSubmit(system({ current: cycle({ risk: submitted('owen') }) }), OWNER, 'impact'))).toBeUndefined();
  });

  it('wants actions on treated risks only', () => {
    const base = { source: 's', description: 'd', likelihood: 3, consequence: 3, controls: [], residualLikelihood: 1, residualConsequence: 1 };
    expect(refusal(() => checkRisks([{ ...base, treatment: 'treat', actions: [] }]))).toBe('Invalid');
    expect(refusal(() => checkRisks([{ ...base, treatment: 'accept', actions: [{ title: 't', ownerId: 'o', dueDate: '2027-03-01' }] }]))).toBe('Invalid');
    expect(refusal(() => checkRisks([{ ...base, treatment: 'avoid', actions: [] }]))).toBeUndefined();
  });

  it('refuses an approval out of order, twice, by someone other than the risk owner, or by the assessor where policy forbids it', () => {
    expect(refusal(() => checkApprove(system(), RISK_OWNER, 'risk', true))).toBe('Conflict');
    const approved = { ...submitted('owen'), approvedBy: 'rita', approvedAt: '2027-02-11T10:00:00Z' };
    expect(refusal(() => checkApprove(system({ current: cycle({ risk: approved }) }), RISK_OWNER, 'risk', true))).toBe('Conflict');
    expect(refusal(() => checkApprove(system({ current: cycle({ risk: submitted('owen') }) }), PM, 'risk', true))).toBe('Forbidden');
    // The risk owner assessed it too (a programme manager may submit; here the risk owner is one).
    const selfAssessed = system({ current: cycle({ impact: submitted('rita') }) });
    expect(refusal(() => checkApprove(selfAssessed, RISK_OWNER, 'impact', true))).toBe('Forbidden');
    expect(refusal(() => checkApprove(selfAssessed, RISK_OWNER, 'impact', false))).toBeUndefined();
    // The validator does not know the policy yet (null): the handler checks again with it.
    expect(refusal(() => checkApprove(selfAssessed, RISK_OWNER, 'impact', null))).toBeUndefined();
  });

  it('completes treatment actions only, by their owner or a programme manager', () => {
    const tasks = tasksOf(task('t1', 'treat:c1:0:0', 'owen'), task('t2', 'assess:risk', 'owen'));
    expect(refusal(() => checkTreatmentAction(system({ tasks }), OWNER, 't2'))).toBe('Conflict');
    expect(refusal(() => checkTreatmentAction(system({ tasks }), RISK_OWNER, 't1'))).toBe('Forbidden');
    expect(checkTreatmentAction(system({ tasks }), PM, 't1').id).toBe('t1');
  });
});
