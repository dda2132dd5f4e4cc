import { describe, expect, it } from 'vitest';
import type { CertificationState } from '../../domain/certification';
import { checkDecision, checkExternalAudit, checkRestore, checkStage2, nextTimedEvent } from '../../workflows/certification/certification.rules';
import { actor, refusal } from '../support/rule-fixtures';

// The certification's command checks and its timed events, pure.

const PM = actor('pam', 'programme_manager');
const OWNER = actor('owen', 'action_owner');

function certification(over: Partial<CertificationState> = {}): CertificationState {
  return {
    aimsId: 'aims',
    workflowId: 'wf',
    status: 'initial',
    cycle: 0,
    certificationBody: 'CB',
    indexed: false,
    stage1: null,
    stage2: null,
    decisionDate: null,
    plan: null,
    externalAudits: [],
    createdTasks: [],
    nextDue: null,
    version: 1,
    tasks: {},
    ...over,
  };
}

const plan = {
  cycleStart: '2027-01-10',
  expiry: '2030-01-10',
  expiresAt: '2030-01-09T23:00:00Z',
  restoreUntil: '2030-07-10',
  lapsesAt: '2030-07-10T22:00:00Z',
  audits: [
    {
      kind: 'surveillance-1' as const,
      dueDate: '2028-01-10',
      tasks: [{ key: 'surveillance-1:180', title: 't', startAt: '2027-07-14T07:00:00Z', dueDate: '2027-08-01' }],
    },
    {
      kind: 'surveillance-2' as const,
      dueDate: '2029-01-10',
      tasks: [{ key: 'surveillance-2:180', title: 't', startAt: '2028-07-14T07:00:00Z', dueDate: '2028-08-01' }],
    },
  ],
};

describe('certification rules', () => {
  it('records stage 2 after a passed stage 1, not before it, by a programme manager', () => {
    const passed = certification({ stage1: { date: '2027-01-01', outcome: 'passed', recordedBy: 'pam' } });
    expect(refusal(() => checkStage2(passed, PM, { date: '2027-01-02' }))).toBeUndefined();
    expect(refusal(() => checkStage2(passed, OWNER, { date: '2027-01-02' }))).toBe('Forbidden');
    expect(refusal(() => checkStage2(passed, PM, { date: '2026-12-31' }))).toBe('Invalid');
    expect(refusal(() => checkStage2(certification(), PM, { date: '2027-01-02' }))).toBe('Conflict');
  });

  it('decides only after a passed stage 2 and with a certification body', () => {
    const ready = certification({
      stage1: { date: '2027-01-01', outcome: 'passed', recordedBy: 'pam' },
      stage2: { date: '2027-01-05', outcome: 'passed', recordedBy: 'pam' },
    });
    expect(refusal(() => checkDecision(ready, PM, { date: '2027-01-10' }))).toBeUndefined();
    expect(refusal(() => checkDecision({ ...ready, certificationBody: null }, PM, { date: '2027-01-10' }))).toBe('Conflict');
    expect(refusal(() => checkDecision(ready, PM, { date: '2027-01-04' }))).toBe('Invalid');
  });

  it('takes external audits in order within the cycle', () => {
    const certified = certification({ status: 'certified', cycle: 1, plan });
    const first = { kind: 'surveillance-1' as const, date: '2027-12-01', outcome: 'passed' as const, findings: [] };
    expect(refusal(() => checkExternalAudit(certified, PM, first))).toBeUndefined();
    expect(refusal(() => checkExternalAudit(certified, PM, { ...first, kind: 'surveillance-2' }))).toBe('Conflict');
    expect(refusal(() => checkExternalAudit(certified, PM, { ...first, date: '2026-12-01' }))).toBe('Invalid');
    expect(refusal(() => checkExternalAudit(certified, PM, { ...first, date: '2030-01-10' }))).toBe('Conflict');
  });

  it('restores an expired certificate within its window only', () => {
    const expired = certification({ status: 'expired', cycle: 1, plan });
    expect(refusal(() => checkRestore(expired, PM, { date: '2030-03-01' }))).toBeUndefined();
    expect(refusal(() => checkRestore(expired, PM, { date: '2030-07-11' }))).toBe('Conflict');
    expect(refusal(() => checkRestore({ ...expired, status: 'certified' }, PM, { date: '2030-03-01' }))).toBe('Conflict');
  });

  it('picks the earliest timed event: a planned task not created yet, then expiry, then lapse', () => {
    expect(nextTimedEvent(certification())).toBeNull();
    const certified = certification({ status: 'certified', cycle: 1, plan });
    expect(nextTimedEvent(certified)).toMatchObject({ kind: 'task', audit: 'surveillance-1' });
    expect(nextTimedEvent({ ...certified, createdTasks: ['surveillance-1:180'] })).toMatchObject({ kind: 'task', audit: 'surveillance-2' });
    expect(nextTimedEvent({ ...certified, createdTasks: ['surveillance-1:180', 'surveillance-2:180'] })).toEqual({ kind: 'expire', at: plan.expiresAt });
    expect(nextTimedEvent({ ...certified, status: 'expired' })).toEqual({ kind: 'lapse', at: plan.lapsesAt });
  });
});
