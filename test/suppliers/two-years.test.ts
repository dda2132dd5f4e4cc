import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supplierWorkflowId } from '../../domain/supplier';
import { EngineHarness } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

// Three suppliers of an AIMS in UTC (no holiday region), two years under time skipping. Each
// review is due its criticality's interval (critical 3, high 6, low 24 months by default) after
// registration or the last review, rolled to a working day, and opens as the owner's task 20
// working days before, at 09:00. Dates worked out by hand:
//   ModelCo (critical, registered Mon 2027-01-04): due Mon 2027-04-05, opens Mon 2027-03-08.
//     Passed Wed 2027-03-10 → due Thu 2027-06-10, opens Thu 2027-05-13. Failed Thu 2027-05-20 (an
//     NC against A.10.3) → due Fri 2027-08-20, opens Fri 2027-07-23. Passed Mon 2027-08-16 → due
//     Tue 2027-11-16; lowered to low on Wed 2027-09-01 before that opened → due 2029-09-01 (a
//     Saturday) → Mon 2029-09-03: nothing more within the two years.
//   DataCo (high): due Mon 2027-07-05, opens Mon 2027-06-07. Conditional Thu 2027-06-10 → due
//     Fri 2027-12-10, opens Fri 2027-11-12. Passed Mon 2027-11-15 → due Mon 2028-05-15, opens
//     Mon 2028-04-17. Passed Mon 2028-05-22 → due Wed 2028-11-22, opens Wed 2028-10-25.
//   HostCo (low): due Thu 2029-01-04, opens Thu 2028-12-07, and not a day before.

describe('suppliers: two years of reviews by criticality', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let olaf: Person;
  let bea: Person;
  let aimsId: string;
  let systemId: string;
  let modelCo: string;
  let dataCo: string;
  let hostCo: string;
  /** Every review opening seen, as [supplier, instant to the minute]. */
  const openings: [string, string][] = [];

  const mails = async () => {
    const got = (await h.newEmails()).map((e) => ({ to: e.to, subject: e.subject, at: e.date.toISOString().slice(0, 16) }));
    for (const m of got) {
      const opened = /Assigned to you: Review supplier (\w+)/.exec(m.subject);
      if (opened) openings.push([opened[1]!, m.at]);
    }
    return got;
  };
  const review = (id: string, token: string, body: Record<string, unknown>) => h.call('POST', `/suppliers/${id}/reviews`, token, body);
  const at = async (iso: string) => {
    await h.advanceTo(iso);
    await mails();
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    const mia = await h.person('Mia', ['management'], { timeZone: 'UTC' });
    olaf = await h.person('Olaf', ['action_owner'], { timeZone: 'UTC', managerId: mia.id });
    bea = await h.person('Bea', ['action_owner'], { timeZone: 'UTC', managerId: mia.id });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Acme AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    const system = await h.call('POST', `/aims/${aimsId}/ai-systems`, pm.token, {
      name: 'Support bot',
      purpose: 'Answers questions',
      role: 'provider',
      ownerId: olaf.id,
      riskOwnerId: pm.id,
      lifecycleStage: 'operation_and_monitoring',
      deploymentStatus: 'live',
      riskClassification: 'limited',
      firstAssessmentDue: '2031-01-06',
    });
    systemId = system.body.id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('registers suppliers with the AI systems that depend on them; each first review by its criticality', async () => {
    const register = (body: Record<string, unknown>) => h.call('POST', `/aims/${aimsId}/suppliers`, pm.token, body);
    const c = await register({
      name: 'ModelCo',
      kind: 'model_provider',
      criticality: 'critical',
      ownerId: olaf.id,
      aiSystemIds: [systemId],
      description: 'LLM API',
    });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ nextReviewDue: '2027-04-05', reviewDue: null, aiSystemIds: [systemId], reviews: [] });
    modelCo = c.body.id;
    const d = await register({ name: 'DataCo', kind: 'data_supplier', criticality: 'high', ownerId: bea.id });
    expect(d.body.nextReviewDue).toBe('2027-07-05');
    dataCo = d.body.id;
    const l = await register({ name: 'HostCo', kind: 'hosting', criticality: 'low', ownerId: bea.id });
    expect(l.body.nextReviewDue).toBe('2029-01-04');
    hostCo = l.body.id;
    const list = await h.call('GET', `/aims/${aimsId}/suppliers`, pm.token);
    expect(list.body.items.map((s: { name: string; criticality: string }) => [s.name, s.criticality])).toEqual([
      ['DataCo', 'high'],
      ['HostCo', 'low'],
      ['ModelCo', 'critical'],
    ]);
    expect(await mails()).toEqual([]);
  });

  it('opens the critical supplier quarterly, counted from each review; a failed review raises a nonconformity', async () => {
    await at('2027-03-10T10:00:00Z');
    expect((await h.call('GET', `/suppliers/${modelCo}`, pm.token)).body).toMatchObject({ reviewDue: '2027-04-05', nextReviewDue: null });
    const passed = await review(modelCo, olaf.token, { outcome: 'pass', findings: 'SOC 2 report current' });
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ lastOutcome: 'pass', lastReviewOn: '2027-03-10', reviewDue: null, nextReviewDue: '2027-06-10' });
    expect(passed.body.tasks.filter((t: { status: string }) => t.status === 'open')).toEqual([]);

    await at('2027-05-20T10:00:00Z');
    const failed = await review(modelCo, olaf.token, { outcome: 'fail', findings: 'Model changed without notice', ncSeverity: 'major' });
    expect(failed.status).toBe(200);
    const caseId = failed.body.reviews[0].caseId;
    expect(failed.body).toMatchObject({ lastOutcome: 'fail', nextReviewDue: '2027-08-20' });
    expect(caseId).toEqual(expect.any(String));
    let nc: { status: number; body: Record<string, unknown> } = { status: 404, body: {} };
    // The case's own workflow writes its row after the review answers: wait for it (bounded), not for a number of tries.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      nc = await h.call('GET', `/cases/${caseId}`, pm.token);
      if (nc.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(nc.body).toMatchObject({ aimsId, clauseRef: 'A.10.3', severity: 'major', source: 'monitoring', ownerId: olaf.id });
  });

  it('opens the high supplier half-yearly; a change of criticality moves a review not yet opened', async () => {
    await at('2027-06-10T10:00:00Z');
    expect((await review(dataCo, bea.token, { outcome: 'conditional', findings: 'Lineage incomplete' })).body.nextReviewDue).toBe('2027-12-10');
    await at('2027-08-16T10:00:00Z');
    expect((await review(modelCo, olaf.token, { outcome: 'pass', findings: 'Notice clause added' })).body.nextReviewDue).toBe('2027-11-16');
    await at('2027-09-01T10:00:00Z');
    const lowered = await h.call('POST', `/suppliers/${modelCo}/update`, pm.token, { criticality: 'low' });
    expect(lowered.status).toBe(200);
    expect(lowered.body).toMatchObject({ criticality: 'low', nextReviewDue: '2029-09-03' });
    await at('2027-11-15T10:00:00Z');
    expect((await review(dataCo, bea.token, { outcome: 'pass', findings: 'Lineage documented' })).body.nextReviewDue).toBe('2028-05-15');
    await at('2028-05-22T10:00:00Z');
    expect((await review(dataCo, bea.token, { outcome: 'pass', findings: 'No change' })).body.nextReviewDue).toBe('2028-11-22');
    await recordHistory(h, supplierWorkflowId(modelCo), 'supplier-email-outbox');
  });

  it('over the two years each supplier opened exactly on its dates', async () => {
    await at('2028-12-06T12:00:00Z');
    expect(openings.filter(([s]) => s === 'HostCo')).toEqual([]);
    await at('2029-01-04T08:00:00Z');
    expect(openings).toEqual([
      ['ModelCo', '2027-03-08T09:00'],
      ['ModelCo', '2027-05-13T09:00'],
      ['DataCo', '2027-06-07T09:00'],
      ['ModelCo', '2027-07-23T09:00'],
      ['DataCo', '2027-11-12T09:00'],
      ['DataCo', '2028-04-17T09:00'],
      ['DataCo', '2028-10-25T09:00'],
      ['HostCo', '2028-12-07T09:00'],
    ]);
    const host = (await h.call('GET', `/suppliers/${hostCo}`, pm.token)).body;
    expect(host).toMatchObject({ reviewDue: '2029-01-04', nextReviewDue: null });
  });
});
