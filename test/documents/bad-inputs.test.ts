import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';
import { footprint as tableFootprint } from '../support/footprint';

// Refused inputs on documents and suppliers: each a 4xx problem naming its reason, and the record
// (rows, tasks, audit trail) and the outbox exactly as before.

describe('documents and suppliers: bad inputs are refused and change nothing', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let owner: Person;
  let rita: Person;
  let aimsId: string;
  let otherAimsId: string;
  let documentId: string;
  let retiredId: string;
  let otherSystemId: string;

  const post = (path: string, token: string, body: unknown = {}) => h.call('POST', path, token, body);
  const newDocument = (over: Record<string, unknown> = {}) =>
    post(`/aims/${aimsId}/documents`, pm.token, { title: 'AI policy', kind: 'policy', ownerId: owner.id, approverIds: [rita.id], ...over });

  const footprint = () => tableFootprint(h, ['documents', 'suppliers', 'tasks', 'audit_trail']);

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    owner = await h.person('Olaf', ['action_owner'], { timeZone: 'UTC' });
    rita = await h.person('Rita', ['management'], { timeZone: 'UTC' });
    aimsId = (await post('/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    otherAimsId = (await post('/aims', pm.token, { name: 'Other AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    documentId = (await newDocument()).body.id;
    expect((await post(`/documents/${documentId}/versions`, owner.token, { link: 'https://intranet.example.org/p', changeSummary: 'First' })).status).toBe(200);
    retiredId = (await newDocument({ title: 'Old procedure' })).body.id;
    expect((await post(`/documents/${retiredId}/retire`, pm.token, { reason: 'Replaced' })).status).toBe(200);
    otherSystemId = (
      await post(`/aims/${otherAimsId}/ai-systems`, pm.token, {
        name: 'Elsewhere bot',
        purpose: 'Answers',
        role: 'user',
        ownerId: owner.id,
        riskOwnerId: rita.id,
        lifecycleStage: 'deployment',
        deploymentStatus: 'live',
        riskClassification: 'limited',
        firstAssessmentDue: '2028-01-03',
      })
    ).body.id;
    await h.settle();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses an approval by someone who is not an approver (a programme manager included)', async () => {
    const before = await footprint();
    for (const person of [owner, pm]) {
      const refused = await post(`/documents/${documentId}/approve`, person.token);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/only the document's approvers/);
    }
    const rejected = await post(`/documents/${documentId}/reject`, owner.token, { reason: 'Mine' });
    expect(rejected.status).toBe(403);
    await h.settle(100);
    expect(await footprint()).toEqual(before);
  });

  it('refuses a review (a new version), an approval or an acknowledgement of a retired document', async () => {
    const before = await footprint();
    const review = await post(`/documents/${retiredId}/versions`, owner.token, { link: 'https://intranet.example.org/o', changeSummary: 'Reviewed' });
    expect(review.status).toBe(409);
    expect(review.body.detail).toMatch(/retired/);
    expect((await post(`/documents/${retiredId}/approve`, rita.token)).status).toBe(409);
    expect((await post(`/documents/${retiredId}/acknowledgements`, owner.token)).status).toBe(409);
    await h.settle(100);
    expect(await footprint()).toEqual(before);
  });

  it('refuses an unknown clause or control, an interval of zero, a link that is no URL and an acknowledgement without an audience', async () => {
    const before = await footprint();
    const unknown = await newDocument({ addresses: ['A.2.2', 'A.99.1'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'body.addresses.1', reason: expect.stringMatching(/must be a clause/) }]);
    const zero = await newDocument({ reviewMonths: 0 });
    expect(zero.status).toBe(422);
    expect(zero.body.errors).toEqual([{ field: 'body.reviewMonths', reason: 'must be at least 1 month' }]);
    const zeroUpdate = await post(`/documents/${documentId}/update`, pm.token, { reviewMonths: 0 });
    expect(zeroUpdate.status).toBe(422);
    const policyZero = await post('/aims', pm.token, { name: 'Zero', timeZone: 'UTC', programmeManagerId: pm.id, policy: { documentReviewMonths: 0 } });
    expect(policyZero.status).toBe(422);
    expect(policyZero.body.errors[0].field).toBe('body.policy.documentReviewMonths');
    const notUrl = await post(`/documents/${retiredId}/versions`, owner.token, { link: 'javascript:alert(1)', changeSummary: 'x' });
    expect(notUrl.status).toBe(422);
    expect(notUrl.body.errors).toEqual([{ field: 'body.link', reason: 'must be an absolute http or https URL' }]);
    const noAudience = await post(`/documents/${documentId}/versions`, owner.token, {
      link: 'https://x.example.org',
      changeSummary: 'x',
      toBeAcknowledged: true,
    });
    expect(noAudience.status).toBe(422);
    expect(noAudience.body.errors[0].field).toBe('body.audience');
    await h.settle(100);
    expect(await footprint()).toEqual(before);
  });

  it("refuses a supplier's AI system of another AIMS, an unknown criticality and a review by someone else", async () => {
    const before = await footprint();
    const supplier = (over: Record<string, unknown>) =>
      post(`/aims/${aimsId}/suppliers`, pm.token, { name: 'ModelCo', kind: 'model_provider', criticality: 'high', ownerId: owner.id, ...over });
    const elsewhere = await supplier({ aiSystemIds: [otherSystemId] });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors).toEqual([{ field: 'body.aiSystemIds.0', reason: 'no such AI system of this AIMS' }]);
    expect((await supplier({ criticality: 'extreme' })).status).toBe(422);
    await h.settle(100);
    expect(await footprint()).toEqual(before);
    const created = await supplier({});
    expect(created.status).toBe(201);
    const afterCreate = await footprint();
    const byOther = await post(`/suppliers/${created.body.id}/reviews`, rita.token, { outcome: 'pass', findings: 'Fine' });
    expect(byOther.status).toBe(403);
    await h.settle(100);
    expect(await footprint()).toEqual(afterCreate);
  });
});
