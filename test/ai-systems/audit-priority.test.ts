import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

// Through the API: an approved AI risk assessment with a high risk brings the AI assessment
// clauses and the risk's controls into the next audit's scope as the programme view predicts it
// (the same scopeOfOccurrence that prepareAudit opens the audit with).
describe('AI systems in the audit scope (9.2.2)', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let owner: Person;
  let rita: Person;
  let aimsId: string;

  const nextScope = async () => (await h.call('GET', `/aims/${aimsId}/programme`, pm.token)).body.upcoming[0].predictedScope as string[];

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    owner = await h.person('Olaf', ['action_owner'], { timeZone: 'UTC' });
    rita = await h.person('Rita', ['management'], { timeZone: 'UTC' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    expect((await h.call('POST', `/aims/${aimsId}/programme`, pm.token, { cadence: 'quarterly', anchorDate: '2027-06-01' })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('raises 6.1 (6.1.2, 6.1.4), 8.2–8.4 and the controls of a system with a high risk once its assessment is approved', async () => {
    const before = await nextScope();
    expect(before).not.toEqual(expect.arrayContaining(['8.4']));
    expect(before).not.toContain('A.6.2.6');
    const system = await h.call('POST', `/aims/${aimsId}/ai-systems`, pm.token, {
      name: 'Credit scorer',
      purpose: 'Scores loan applications',
      role: 'developer',
      ownerId: owner.id,
      riskOwnerId: rita.id,
      lifecycleStage: 'deployment',
      deploymentStatus: 'live',
      riskClassification: 'high',
    });
    expect(system.status).toBe(201);
    const id = system.body.id;
    const risks = [
      {
        source: 'Data',
        description: 'Unfair refusals',
        likelihood: 4,
        consequence: 4,
        controls: ['A.6.2.6', 'A.7.4'],
        treatment: 'accept',
        residualLikelihood: 4,
        residualConsequence: 4,
      },
    ];
    expect((await h.call('POST', `/ai-systems/${id}/risk-assessment`, owner.token, { risks })).status).toBe(200);
    // Submitted, not approved: nothing changes yet.
    expect(await nextScope()).toEqual(before);
    expect((await h.call('POST', `/ai-systems/${id}/approvals/risk`, rita.token, {})).status).toBe(200);
    const after = await nextScope();
    expect(after).toEqual(expect.arrayContaining([...before, '6.1', '8.2', '8.3', '8.4', 'A.6.2.6', 'A.7.4']));
    expect(after.length).toBeGreaterThan(before.length);

    // Retired, the system raises nothing any more.
    expect((await h.call('POST', `/ai-systems/${id}/retire`, pm.token, { reason: 'Replaced' })).status).toBe(200);
    expect(await nextScope()).toEqual(before);
  });
});
