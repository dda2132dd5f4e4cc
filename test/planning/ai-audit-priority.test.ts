import { describe, expect, it } from 'vitest';
import { AI_ASSESSMENT_CLAUSES, aiPriorityItems, type AiSystemForAudit } from '../../planning/ai-audit-priority';
import { scopeFor } from '../../planning/coverage-plan';
import { CONTROLS } from '../../domain/reference/iso42001';

// The 9.2.2 rule for AI systems, without servers: serious risks and significant changes bring
// the AI assessment clauses and the risks' controls into the next audit until one covers them.
const risk = (level: string, controls: string[] = []) => ({ level, controls });
const system = (over: Partial<AiSystemForAudit>): AiSystemForAudit => ({ approvedRisk: null, changesOn: [], ...over });

describe('AI systems raise the priority of their clauses and controls in the audit scope', () => {
  it('a high or critical risk brings 6.1 (6.1.2, 6.1.4), 8.2–8.4 and the controls of every latest risk, in reference order', () => {
    const high = system({ approvedRisk: { approvedOn: '2027-03-10', risks: [risk('low', ['A.6.2.6']), risk('high', ['A.5.2', 'A.6.2.4'])] } });
    expect(aiPriorityItems([high], [])).toEqual(['6.1', '8.2', '8.3', '8.4', 'A.5.2', 'A.6.2.4', 'A.6.2.6']);
    const critical = system({ approvedRisk: { approvedOn: '2027-03-10', risks: [risk('critical')] } });
    expect(aiPriorityItems([critical], [])).toEqual([...AI_ASSESSMENT_CLAUSES]);
  });

  it('low and medium risks without a change raise nothing; an unapproved assessment raises nothing', () => {
    const calm = system({ approvedRisk: { approvedOn: '2027-03-10', risks: [risk('medium', ['A.6.2.4']), risk('low')] } });
    expect(aiPriorityItems([calm, system({})], [])).toEqual([]);
  });

  it('a significant change raises the clauses and its controls whatever the risk levels', () => {
    const changed = system({ approvedRisk: { approvedOn: '2027-01-10', risks: [risk('low', ['A.7.4'])] }, changesOn: ['2027-05-02'] });
    expect(aiPriorityItems([changed], [])).toEqual([...AI_ASSESSMENT_CLAUSES, 'A.7.4']);
  });

  it('an item stays a priority until an audit whose fieldwork starts after the trigger covers it', () => {
    const high = system({ approvedRisk: { approvedOn: '2027-03-10', risks: [risk('high', ['A.6.2.4'])] } });
    // Audited the same day or before: still a priority.
    expect(aiPriorityItems([high], [{ fieldworkStart: '2027-03-10', scope: ['6.1', '8.2', '8.3', '8.4', 'A.6.2.4'] }])).toContain('8.2');
    // Audited after: only what that audit left out remains.
    expect(aiPriorityItems([high], [{ fieldworkStart: '2027-04-01', scope: ['6.1', '8.2', '8.3'] }])).toEqual(['8.4', 'A.6.2.4']);
    // A change recorded after that audit brings them back.
    const changedSince = { ...high, changesOn: ['2027-05-01'] };
    expect(aiPriorityItems([changedSince], [{ fieldworkStart: '2027-04-01', scope: [...AI_ASSESSMENT_CLAUSES, 'A.6.2.4'] }])).toEqual([
      ...AI_ASSESSMENT_CLAUSES,
      'A.6.2.4',
    ]);
  });

  it('in the planner the items join the scope of the first occurrence, except controls the SoA excludes', () => {
    const high = system({ approvedRisk: { approvedOn: '2027-03-10', risks: [risk('high', ['A.6.2.4', 'A.10.4'])] } });
    const applicable = CONTROLS.map((c) => c.id).filter((id) => id !== 'A.10.4');
    const input = { cadence: 'quarterly' as const, applicableControls: applicable, indexInCycle: 0, auditedThisCycle: [], auditedThisYear: [] };
    const plain = scopeFor({ ...input, priorityItems: [] });
    expect(plain).not.toContain('8.4');
    const scope = scopeFor({ ...input, priorityItems: aiPriorityItems([high], []) });
    expect(scope).toEqual(expect.arrayContaining([...AI_ASSESSMENT_CLAUSES, 'A.6.2.4']));
    expect(scope).not.toContain('A.10.4');
    expect(scope).toEqual(expect.arrayContaining(plain));
  });
});
