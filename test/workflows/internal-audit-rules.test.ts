import { describe, expect, it } from 'vitest';
import type { AuditState, AuditStatus } from '../../domain/audit';
import type { TaskState } from '../../domain/task';
import { checkFieldworkDone, checkReport, checkResults, checkTeam } from '../../workflows/audits/internal-audit.rules';
import { actor, refusal, task, tasksOf } from '../support/rule-fixtures';

// The internal audit's command checks, pure: who may act, at which step, with what.

const PM = actor('pam', 'programme_manager');
const LEAD = actor('lea', 'auditor');
const OTHER = actor('olaf', 'auditor');
const OPENS = Date.parse('2027-03-01T00:00:00Z');

function auditAt(status: AuditStatus, ...tasks: TaskState[]): AuditState {
  return {
    id: 'audit',
    aimsId: 'aims',
    workflowId: 'wf',
    number: 1,
    occurrenceIndex: 0,
    status,
    scope: ['4.1', '6.1'],
    fieldworkStart: '2027-03-01',
    fieldworkEnd: '2027-03-05',
    fieldworkOpensAt: new Date(OPENS).toISOString(),
    leadAuditorId: LEAD.id,
    auditeeIds: ['aud'],
    results: {},
    reportSummary: null,
    reportedAt: null,
    version: 1,
    tasks: tasksOf(...tasks),
  };
}

describe('internal audit rules', () => {
  it('lets only a programme manager name a team, while planning, with an auditee', () => {
    const team = { leadAuditorId: LEAD.id, auditeeIds: ['aud'] };
    expect(refusal(() => checkTeam(auditAt('planning'), PM, team))).toBeUndefined();
    expect(refusal(() => checkTeam(auditAt('planning'), LEAD, team))).toBe('Forbidden');
    expect(refusal(() => checkTeam(auditAt('fieldwork'), PM, team))).toBe('Conflict');
    expect(refusal(() => checkTeam(auditAt('planning'), PM, { ...team, auditeeIds: [] }))).toBe('Invalid');
  });

  it('takes results from the lead once fieldwork opens, in scope, with an owner for each nonconformity', () => {
    const ok = [{ itemId: '4.1', result: 'minor_nc' as const, evidence: 'e', ownerId: 'own' }];
    const state = auditAt('fieldwork');
    expect(refusal(() => checkResults(state, LEAD, ok, OPENS))).toBeUndefined();
    expect(refusal(() => checkResults(state, OTHER, ok, OPENS))).toBe('Forbidden');
    expect(refusal(() => checkResults(state, LEAD, ok, OPENS - 1))).toBe('Conflict');
    expect(refusal(() => checkResults(state, LEAD, [{ ...ok[0]!, itemId: '9.9' }], OPENS))).toBe('Invalid');
    expect(refusal(() => checkResults(state, LEAD, [{ ...ok[0]!, ownerId: null }], OPENS))).toBe('Invalid');
    expect(refusal(() => checkResults(auditAt('reporting'), LEAD, ok, OPENS))).toBe('Conflict');
  });

  it('completes fieldwork only with a result for every scope item, and returns its task', () => {
    const fieldwork = task('t1', 'fieldwork', LEAD.id);
    const state = auditAt('fieldwork', fieldwork);
    expect(refusal(() => checkFieldworkDone(state, LEAD))).toBe('Conflict');
    for (const item of state.scope)
      state.results[item] = { result: 'conforming', evidence: 'e', ownerId: null, caseId: null, recordedBy: LEAD.id, recordedAt: '2027-03-02T10:00:00Z' };
    expect(checkFieldworkDone(state, LEAD)).toBe(fieldwork);
    expect(refusal(() => checkFieldworkDone(state, OTHER))).toBe('Forbidden');
  });

  it('returns the open report task to the lead or a programme manager', () => {
    const report = task('t2', 'report', LEAD.id);
    expect(checkReport(auditAt('reporting', report), PM)).toBe(report);
    expect(refusal(() => checkReport(auditAt('reporting', report), OTHER))).toBe('Forbidden');
    expect(refusal(() => checkReport(auditAt('reporting', { ...report, status: 'done' }), LEAD))).toBe('Conflict');
  });
});
