import { describe, expect, it } from 'vitest';
import { assessItem, missingAssessments, remediationOrder, scoresOf, type ReadinessFacts } from '../../domain/readiness';
import { compareReferenceOrder } from '../../domain/reference/iso42001';

// The gap assessment's pure rules (domain/readiness.ts), without servers.

const facts = (over: Partial<ReadinessFacts> & { id: string }): ReadinessFacts => ({
  kind: over.id.startsWith('A.') ? 'control' : 'clause',
  documents: { addressing: 1, current: 1 },
  lastAudit: { result: 'conforming', on: '2027-01-10' },
  openNcs: { major: 0, minor: 0 },
  assessments: null,
  ...over,
});

describe('readiness rules', () => {
  it('is ready with a current document, a conforming last audit and nothing open', () => {
    expect(assessItem(facts({ id: '7.5' }))).toMatchObject({ status: 'ready', score: 100 });
  });

  it('is a gap without any document, with an open major NC or a major last audit result, naming each reason', () => {
    const none = assessItem(facts({ id: '5.2', documents: { addressing: 0, current: 0 } }));
    expect(none).toMatchObject({ status: 'gap', score: 0 });
    expect(none.reasons[0]).toEqual({ weight: 'gap', text: 'no document addresses it' });
    expect(assessItem(facts({ id: '5.2', openNcs: { major: 2, minor: 0 } })).reasons[0]!.text).toBe('2 open major nonconformities');
    expect(assessItem(facts({ id: '5.2', lastAudit: { result: 'major_nc', on: '2027-01-10' } })).status).toBe('gap');
  });

  it('is partial for a document not approved or past review, a minor finding, no audit, or an overdue assessment', () => {
    expect(assessItem(facts({ id: '7.5', documents: { addressing: 2, current: 0 } })).reasons[0]!.text).toBe(
      '2 documents address it, none approved and current',
    );
    expect(assessItem(facts({ id: '7.5', lastAudit: null })).status).toBe('partial');
    expect(assessItem(facts({ id: '7.5', lastAudit: { result: 'minor_nc', on: '2027-01-10' } })).status).toBe('partial');
    const lacking = [{ systemId: 's1', name: 'Support bot', why: ['risk assessment overdue since 2027-02-01'] }];
    expect(assessItem(facts({ id: '8.2', assessments: { needed: ['risk'], systems: 3, lacking } })).reasons[0]!.text).toBe(
      '1 of 3 AI systems without a current risk assessment: Support bot (risk assessment overdue since 2027-02-01)',
    );
    expect(assessItem(facts({ id: '8.2', assessments: { needed: ['risk'], systems: 0, lacking: [] } })).status).toBe('partial');
    const ready = assessItem(facts({ id: '6.1', assessments: { needed: ['risk', 'impact'], systems: 2, lacking: [] } }));
    expect(ready.status).toBe('ready');
    expect(ready.reasons.map((r) => r.text)).toContain('risk and impact assessments current for 2 AI systems');
  });

  it('finds, per system and kind, an assessment never approved or a reassessment past due', () => {
    const approved = { submittedBy: 'p', submittedAt: '2027-01-05T09:00:00Z', approvedBy: 'q', approvedAt: '2027-01-06T09:00:00Z' };
    const cycle = (dueDate: string, risk: boolean, impact: boolean, completed = false) => ({
      id: `c-${dueDate}`,
      reason: 'planned' as const,
      changeId: null,
      dueDate,
      openedAt: '2027-01-01T09:00:00Z',
      completedAt: completed ? '2027-01-06T09:00:00Z' : null,
      completedOn: completed ? '2027-01-06' : null,
      risk: risk ? { ...approved, risks: [] } : null,
      impact: impact ? { ...approved, impacts: [] } : null,
    });
    // First cycle open, not yet due: neither kind has ever been approved.
    expect(missingAssessments({ current: cycle('2027-03-01', false, false), completed: [] }, ['risk', 'impact'], '2027-02-01')).toEqual([
      'risk assessment never approved',
      'impact assessment never approved',
    ]);
    // Its risk approved: only the impact assessment is missing, and 8.2 (risk) is satisfied.
    const half = { current: cycle('2027-03-01', true, false), completed: [] };
    expect(missingAssessments(half, ['risk', 'impact'], '2027-02-01')).toEqual(['impact assessment never approved']);
    expect(missingAssessments(half, ['risk'], '2027-02-01')).toEqual([]);
    // A completed cycle, the reassessment open and not yet due: current; past its due date: overdue.
    const later = { current: cycle('2028-01-10', false, false), completed: [cycle('2027-01-10', true, true, true)] };
    expect(missingAssessments(later, ['impact'], '2028-01-10')).toEqual([]);
    expect(missingAssessments(later, ['impact'], '2028-01-11')).toEqual(['impact assessment overdue since 2028-01-10']);
    expect(missingAssessments({ current: null, completed: [cycle('2027-01-10', true, true, true)] }, ['risk'], '2029-01-01')).toEqual([]);
  });

  it('scores each group and the whole as the rounded mean of their items', () => {
    const items = [
      assessItem(facts({ id: '4.1' })),
      assessItem(facts({ id: '4.2', lastAudit: null })),
      assessItem(facts({ id: '4.3', documents: { addressing: 0, current: 0 } })),
      assessItem(facts({ id: 'A.2.2' })),
    ];
    expect(scoresOf(items)).toEqual({
      overall: 63, // (100 + 50 + 0 + 100) / 4 = 62.5
      groups: [
        { group: '4', score: 50, items: 3 },
        { group: 'A', score: 100, items: 1 },
      ],
    });
  });

  it('orders remediation: gaps first, clauses before controls, more gap reasons first, then the standard order', () => {
    const items = [
      assessItem(facts({ id: 'A.2.2', documents: { addressing: 0, current: 0 } })),
      assessItem(facts({ id: '9.2', lastAudit: null })),
      assessItem(facts({ id: '7.5', documents: { addressing: 0, current: 0 } })),
      assessItem(facts({ id: '8.1', documents: { addressing: 0, current: 0 }, openNcs: { major: 1, minor: 0 } })),
      assessItem(facts({ id: '4.1' })),
      assessItem(facts({ id: '6.1', lastAudit: null, openNcs: { major: 0, minor: 1 } })),
    ];
    expect(remediationOrder(items, compareReferenceOrder).map((i) => i.id)).toEqual(['8.1', '7.5', 'A.2.2', '6.1', '9.2']);
  });
});
