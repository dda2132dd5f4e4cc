import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';
import { footprint as tableFootprint } from '../support/footprint';

// Refused inputs on the AI system register and its assessments: each a 4xx problem naming its
// reason, and the record (rows, tasks, audit trail) and outbox exactly as before.

describe('AI systems: bad inputs are refused and change nothing', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let owner: Person;
  let rita: Person;
  let aimsId: string;
  let lenientAimsId: string;
  let systemId: string;

  const post = (id: string, path: string, token: string, body: unknown = {}) => h.call('POST', `/ai-systems/${id}/${path}`, token, body);
  const register = (aims: string, over: Record<string, unknown> = {}) =>
    h.call('POST', `/aims/${aims}/ai-systems`, pm.token, {
      name: 'Support bot',
      purpose: 'Answers questions',
      role: 'user',
      ownerId: owner.id,
      riskOwnerId: rita.id,
      lifecycleStage: 'deployment',
      deploymentStatus: 'live',
      riskClassification: 'limited',
      ...over,
    });
  const risk = {
    source: 'Model',
    description: 'Wrong answers',
    likelihood: 3,
    consequence: 3,
    treatment: 'accept',
    residualLikelihood: 2,
    residualConsequence: 2,
  };
  const impacts = [{ dimension: 'transparency', subjects: ['individuals'], description: 'Users do not know they talk to a bot', severity: 2, likelihood: 3 }];

  /** The register's tables, its tasks and trail (hashed) and the emails sent: what a refused command must leave as it was. */
  const footprint = () => tableFootprint(h, ['ai_systems', 'ai_risks', 'tasks', 'audit_trail']);

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    owner = await h.person('Olaf', ['action_owner'], { timeZone: 'UTC' });
    rita = await h.person('Rita', ['management'], { timeZone: 'UTC' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Strict AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    lenientAimsId = (
      await h.call('POST', '/aims', pm.token, {
        name: 'Lenient AIMS',
        timeZone: 'UTC',
        programmeManagerId: pm.id,
        policy: { aiApproverDiffersFromAssessor: false },
      })
    ).body.id;
    const created = await register(aimsId);
    expect(created.status).toBe(201);
    // No first date: a new system's assessment opens at once, due 20 working days on.
    expect(created.body).toMatchObject({ currentAssessmentDue: '2027-02-01', currentAssessment: { reason: 'initial' } });
    systemId = created.body.id;
    await h.settle();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses unknown systems, AIMS, people and controls, and levels outside the matrix', async () => {
    const before = await footprint();
    expect((await h.call('GET', `/ai-systems/${randomUUID()}`, pm.token)).status).toBe(404);
    expect((await post(randomUUID(), 'significant-changes', pm.token, { kind: 'incident', description: 'x' })).status).toBe(404);
    expect((await register(randomUUID())).status).toBe(404);
    expect((await h.call('GET', `/aims/${randomUUID()}/ai-systems`, pm.token)).status).toBe(404);
    const nobody = await register(aimsId, { riskOwnerId: randomUUID() });
    expect(nobody.status).toBe(422);
    expect(nobody.body.errors).toEqual([{ field: 'body.riskOwnerId', reason: 'no such active person' }]);
    const badRole = await register(aimsId, { role: 'vendor' });
    expect(badRole.status).toBe(422);
    expect(badRole.body.errors[0].field).toBe('body.role');

    const offMatrix = await post(systemId, 'risk-assessment', owner.token, { risks: [{ ...risk, likelihood: 6 }] });
    expect(offMatrix.status).toBe(422);
    expect(offMatrix.body.errors).toEqual([{ field: 'body.risks.0.likelihood', reason: expect.stringContaining('5') }]);
    const zero = await post(systemId, 'impact-assessment', owner.token, { impacts: [{ ...impacts[0], severity: 0 }] });
    expect(zero.status).toBe(422);
    expect(zero.body.errors[0].field).toBe('body.impacts.0.severity');
    const unknownControl = await post(systemId, 'risk-assessment', owner.token, { risks: [{ ...risk, controls: ['A.99.1'] }] });
    expect(unknownControl.status).toBe(422);
    expect(unknownControl.body.errors).toEqual([{ field: 'body.risks.0.controls.0', reason: 'must be an Annex A control such as A.6.2.4' }]);
    // A control the AIMS's SoA leaves out cannot be one of a risk's existing controls.
    const soa = await h.call('PUT', `/aims/${aimsId}/soa`, pm.token, {
      entries: [{ controlId: 'A.10.4', applicable: false, justification: 'No customers receive AI systems from us' }],
    });
    expect(soa.status).toBe(200);
    const soaBefore = await footprint();
    const excluded = await post(systemId, 'risk-assessment', owner.token, { risks: [risk, { ...risk, controls: ['A.6.2.4', 'A.10.4'] }] });
    expect(excluded.status).toBe(422);
    expect(excluded.body.errors).toEqual([{ field: 'body.risks.1.controls.1', reason: "A.10.4 is not applicable in this AIMS's Statement of Applicability" }]);
    expect(await footprint()).toEqual(soaBefore);
    const noActions = await post(systemId, 'risk-assessment', owner.token, { risks: [{ ...risk, treatment: 'treat' }] });
    expect(noActions.status).toBe(422);
    expect(noActions.body.detail).toContain('a treated risk needs at least one treatment action');
    const pastAction = await post(systemId, 'risk-assessment', owner.token, {
      risks: [{ ...risk, treatment: 'treat', actions: [{ title: 'Fix', ownerId: owner.id, dueDate: '2026-12-01' }] }],
    });
    expect(pastAction.status).toBe(422);
    expect(pastAction.body.errors[0].field).toBe('body.risks.0.actions.0.dueDate');
    const badMatrix = await h.call('POST', '/aims', pm.token, { name: 'X', timeZone: 'UTC', programmeManagerId: pm.id, policy: { aiRiskMatrix: [['low']] } });
    expect(badMatrix.status).toBe(422);
    expect(badMatrix.body.errors[0].field).toMatch(/^body\.policy\.aiRiskMatrix/);
    await h.settle(100);
    expect(await footprint()).toEqual(soaBefore);
    expect(before.mail).toBe(soaBefore.mail);
  });

  it('refuses an approval out of order, by someone else, and by the assessor where policy forbids it', async () => {
    let before = await footprint();
    const early = await post(systemId, 'approvals/risk', rita.token);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('has not been submitted yet');
    expect(await footprint()).toEqual(before);

    // A programme manager who is also the risk owner submits, then tries to approve their own work.
    expect((await post(systemId, 'update', pm.token, { riskOwnerId: pm.id })).status).toBe(200);
    expect((await post(systemId, 'impact-assessment', pm.token, { impacts })).status).toBe(200);
    await h.settle();
    before = await footprint();
    const own = await post(systemId, 'approvals/impact', pm.token);
    expect(own.status).toBe(403);
    expect(own.body.detail).toContain("forbids approving one's own impact assessment");
    const notRiskOwner = await post(systemId, 'approvals/impact', rita.token);
    expect(notRiskOwner.status).toBe(403);
    expect(notRiskOwner.body.detail).toContain("only the system's risk owner");
    await h.settle(100);
    expect(await footprint()).toEqual(before);
  });

  it('lets the assessor approve where the AIMS policy allows it', async () => {
    const lenient = await register(lenientAimsId, { ownerId: pm.id, riskOwnerId: pm.id });
    expect(lenient.status).toBe(201);
    expect((await post(lenient.body.id, 'impact-assessment', pm.token, { impacts })).status).toBe(200);
    const approved = await post(lenient.body.id, 'approvals/impact', pm.token);
    expect(approved.status).toBe(200);
    expect(approved.body.currentAssessment.impact).toMatchObject({ submittedBy: pm.id, approvedBy: pm.id });
  });

  it('raises a nonconformity from an assessment: a corrective-action case opens, named in the timeline', async () => {
    const noOwner = await post(systemId, 'nonconformities', pm.token, { title: 'x', severity: 'minor', ownerId: randomUUID() });
    expect(noOwner.status).toBe(422);
    expect(noOwner.body.errors).toEqual([{ field: 'body.ownerId', reason: 'no such active person' }]);
    expect((await post(systemId, 'nonconformities', rita.token, { title: 'x', severity: 'minor', ownerId: owner.id })).status).toBe(403); // no longer its risk owner (the update above)
    const raised = await post(systemId, 'nonconformities', pm.token, {
      title: 'No human oversight of refunds',
      description: 'The impact assessment found no review step',
      severity: 'major',
      ownerId: owner.id,
      clauseRef: 'A.9.3',
    });
    expect(raised.status).toBe(200);
    const entry = raised.body.timeline.at(-1);
    expect(entry).toMatchObject({ action: 'nonconformity_raised', after: { title: 'No human oversight of refunds', severity: 'major' } });
    const caseId = (entry.after as { caseId: string }).caseId;
    let found = await h.call('GET', `/cases/${caseId}`, pm.token);
    for (let i = 0; found.status === 404 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      found = await h.call('GET', `/cases/${caseId}`, pm.token);
    }
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      title: 'No human oversight of refunds',
      severity: 'major',
      source: 'monitoring',
      clauseRef: 'A.9.3',
      ownerId: owner.id,
    });
    expect(found.body.description).toContain('Found by the assessment of AI system Support bot');
    await h.settle();
  });

  it('refuses every change to a retired system with 409, changing nothing', async () => {
    expect((await post(systemId, 'retire', owner.token, { reason: 'x' })).status).toBe(403);
    const retired = await post(systemId, 'retire', pm.token, { reason: 'Switched off' });
    expect(retired.status).toBe(200);
    expect(retired.body.tasks.filter((t: { status: string }) => t.status === 'open')).toEqual([]);
    expect(retired.body.timeline.at(-1)).toMatchObject({ action: 'retired', after: { status: 'retired', reason: 'Switched off' } });
    await h.settle();
    const before = await footprint();
    for (const [path, body] of [
      ['significant-changes', { kind: 'new_use', description: 'Used for refunds' }],
      ['update', { deploymentStatus: 'live' }],
      ['retire', { reason: 'again' }],
      ['risk-assessment', { risks: [risk] }],
    ] as const) {
      const answer = await post(systemId, path, pm.token, body);
      expect(answer.status, path).toBe(409);
      expect(answer.body.detail).toContain('retired');
    }
    await h.settle(100);
    expect(await footprint()).toEqual(before);
  });
});
