import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiSystemWorkflowId } from '../../domain/ai-system';
import { EngineHarness } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

// Two AI systems of an AIMS in Berlin (no holiday region: Monday to Friday are working days),
// three years under time skipping. Each planned assessment opens 20 working days before it is
// due, at 09:00 Berlin; the next planned one counts from the day the last was completed (both
// approvals), rolled forward to a working day. Dates worked out by hand:
//   A due Mon 2027-03-01: opens Mon 2027-02-01 (CET, 08:00Z); reminders Mon 22 Feb (5 working days
//   before) and Fri 26 Feb (1 before); overdue Tue 2 Mar; the owner's manager Thu 4 Mar (+3).
//   A completed Fri 2027-03-05 → next due 2028-03-05, a Sunday → Mon 2028-03-06.
//   B due Tue 2027-06-01: opens Tue 2027-05-04 (CEST, 07:00Z). Completed Mon 2027-05-10 → due Wed 2028-05-10,
//   which opens Wed 2028-04-12.
//   A significant change on Wed 2027-09-01 opens A's reassessment at once, due 20 working days on,
//   Wed 2027-09-29; completed Fri 2027-09-10 → next due Sun 2028-09-10 → Mon 2028-09-11 (not 2028-03-06).
//   A retired on Mon 2028-07-03, before its next opening (Mon 2028-08-14): nothing more is sent about it.

describe('AI systems: three years of risk and impact reassessments', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let mia: Person;
  let olaf: Person;
  let bea: Person;
  let rita: Person;
  let aimsId: string;
  let a: string;
  let b: string;

  // To the minute: emails sent one after another at an instant may carry the next second.
  const mails = async () => (await h.newEmails()).map((e) => ({ to: e.to, subject: e.subject, at: e.date.toISOString().slice(0, 16) }));
  const get = async (id: string) => (await h.call('GET', `/ai-systems/${id}`, pm.token)).body;
  const post = (id: string, path: string, token: string, body: unknown = {}) => h.call('POST', `/ai-systems/${id}/${path}`, token, body);

  /** Nothing just before `at`; at it, the assessment tasks' assignments to `to`. */
  async function expectOpensAt(at: string, to: string, name: string, due: string) {
    await h.advanceTo(new Date(Date.parse(at) - 60_000).toISOString());
    expect(await mails()).toEqual([]);
    await h.advanceTo(new Date(Date.parse(at) + 60_000).toISOString());
    const got = await mails();
    expect(got.map((m) => [m.to, m.at])).toEqual([
      [to, at.slice(0, 16)],
      [to, at.slice(0, 16)],
    ]);
    expect(got.map((m) => m.subject).sort()).toEqual([
      expect.stringContaining(`AI risk assessment of ${name}`),
      expect.stringContaining(`AI system impact assessment of ${name}`),
    ]);
    for (const m of got) expect(m.subject).toContain(due);
  }

  /** The owner submits both assessments, the risk owner approves both: the cycle completes. */
  async function completeCycle(id: string, owner: Person, risks: unknown[]) {
    expect((await post(id, 'risk-assessment', owner.token, { risks })).status).toBe(200);
    const impacts = [
      { dimension: 'fairness', subjects: ['groups'], description: 'Some groups get worse answers', severity: 2, likelihood: 2, mitigations: 'Monitoring' },
    ];
    expect((await post(id, 'impact-assessment', owner.token, { impacts })).status).toBe(200);
    expect((await post(id, 'approvals/risk', rita.token)).status).toBe(200);
    const done = await post(id, 'approvals/impact', rita.token);
    expect(done.status).toBe(200);
    return done.body;
  }
  const acceptedRisk = {
    source: 'Model',
    description: 'Hallucinated answers',
    likelihood: 2,
    consequence: 2,
    treatment: 'accept',
    residualLikelihood: 2,
    residualConsequence: 2,
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    mia = await h.person('Mia', ['management'], { timeZone: 'Europe/Berlin' });
    olaf = await h.person('Olaf', ['action_owner'], { timeZone: 'Europe/Berlin', managerId: mia.id });
    bea = await h.person('Bea', ['action_owner'], { timeZone: 'Europe/Berlin', managerId: mia.id });
    rita = await h.person('Rita', ['action_owner'], { timeZone: 'Europe/Berlin' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', programmeManagerId: pm.id })).body.id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('registers two systems with their first planned assessments', async () => {
    const facts = {
      purpose: 'Answers questions',
      role: 'provider',
      riskOwnerId: rita.id,
      lifecycleStage: 'operation_and_monitoring',
      deploymentStatus: 'live',
      riskClassification: 'limited',
    };
    const first = await h.call('POST', `/aims/${aimsId}/ai-systems`, pm.token, {
      ...facts,
      name: 'Support bot',
      ownerId: olaf.id,
      firstAssessmentDue: '2027-03-01',
      dataUsed: ['Tickets'],
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'active', nextPlannedDue: '2027-03-01', currentAssessment: null, dataUsed: ['Tickets'], tasks: [] });
    a = first.body.id;
    const second = await h.call('POST', `/aims/${aimsId}/ai-systems`, pm.token, {
      ...facts,
      name: 'Credit scorer',
      ownerId: bea.id,
      firstAssessmentDue: '2027-06-01',
    });
    expect(second.status).toBe(201);
    b = second.body.id;
    const register = await h.call('GET', `/aims/${aimsId}/ai-systems`, pm.token);
    expect(register.body.items.map((s: { name: string }) => s.name)).toEqual(['Credit scorer', 'Support bot']);
    expect(first.body.timeline.map((e: { action: string }) => e.action)).toEqual(['registered']);
    expect(await mails()).toEqual([]);
  });

  it("opens A's assessment 20 working days ahead at 09:00 Berlin, reminds, marks it overdue and escalates to the owner's manager", async () => {
    await expectOpensAt('2027-02-01T08:00:00.000Z', 'olaf@example.org', 'Support bot', '1 March 2027');
    expect(await get(a)).toMatchObject({ nextPlannedDue: null, currentAssessmentDue: '2027-03-01', currentAssessment: { reason: 'planned' } });
    await h.advanceTo('2027-02-22T08:01:00Z');
    expect((await mails()).map((m) => [m.to, m.at])).toEqual([
      ['olaf@example.org', '2027-02-22T08:00'],
      ['olaf@example.org', '2027-02-22T08:00'],
    ]);
    await h.advanceTo('2027-02-26T08:01:00Z');
    expect((await mails()).map((m) => m.at)).toEqual(['2027-02-26T08:00', '2027-02-26T08:00']);
    await h.advanceTo('2027-03-02T08:01:00Z');
    const overdue = await mails();
    expect(overdue.map((m) => [m.to, m.at])).toEqual([
      ['olaf@example.org', '2027-03-02T08:00'],
      ['olaf@example.org', '2027-03-02T08:00'],
    ]);
    await h.advanceTo('2027-03-04T08:01:00Z');
    const escalated = await mails();
    expect(escalated.map((m) => [m.to, m.at])).toEqual([
      ['mia@example.org', '2027-03-04T08:00'],
      ['mia@example.org', '2027-03-04T08:00'],
    ]);
  });

  it('completes A with a treated risk whose action is tracked to done; the next one counts from completion', async () => {
    await h.advanceTo('2027-03-05T10:00:00Z');
    const treated = {
      source: 'Training data',
      description: 'Biased answers for some languages',
      likelihood: 4,
      consequence: 4,
      controls: ['A.6.2.4', 'A.7.4'],
      treatment: 'treat',
      actions: [{ title: 'Add a bias test suite', ownerId: olaf.id, dueDate: '2027-04-01' }],
      residualLikelihood: 2,
      residualConsequence: 3,
    };
    const done = await completeCycle(a, olaf, [treated, acceptedRisk]);
    expect(done).toMatchObject({ currentAssessment: null, nextPlannedDue: '2028-03-06', lastCompletedOn: '2027-03-05' });
    expect(done.completedAssessments[0].risk.risks.map((r: { level: string; residualLevel: string }) => [r.level, r.residualLevel])).toEqual([
      ['high', 'medium'],
      ['low', 'low'],
    ]);
    const action = done.tasks.find((t: { step: string }) => t.step.startsWith('treat:'));
    expect(action).toMatchObject({ ownerId: olaf.id, dueDate: '2027-04-01', status: 'open' });
    expect(done.tasks.filter((t: { status: string }) => t.status === 'open')).toHaveLength(1);
    const finished = await post(a, `treatment-actions/${action.id}/complete`, olaf.token);
    expect(finished.status).toBe(200);
    expect(finished.body.tasks.find((t: { id: string }) => t.id === action.id).status).toBe('done');
    const mailed = await mails();
    expect(mailed.map((m) => m.to).sort()).toEqual(['olaf@example.org', 'rita@example.org', 'rita@example.org']); // the action; two approvals asked
  });

  it("opens B's assessment on its date in summer time and completes it", async () => {
    await expectOpensAt('2027-05-04T07:00:00.000Z', 'bea@example.org', 'Credit scorer', '1 June 2027');
    await h.advanceTo('2027-05-10T10:00:00Z');
    const done = await completeCycle(b, bea, [acceptedRisk]);
    expect(done).toMatchObject({ nextPlannedDue: '2028-05-10', lastCompletedOn: '2027-05-10' });
    await mails();
  });

  it('a significant change opens a reassessment at once; the next planned one counts from its completion', async () => {
    await h.advanceTo('2027-09-01T10:00:00Z');
    expect(await mails()).toEqual([]);
    const changed = await post(a, 'significant-changes', olaf.token, { kind: 'model_version', description: 'Model 4 replaces model 3' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ nextPlannedDue: null, currentAssessmentDue: '2027-09-29', currentAssessment: { reason: 'significant_change' } });
    expect(changed.body.significantChanges).toHaveLength(1);
    const opened = await mails();
    // At once: sent as the change is recorded (to the second, as the command ran).
    expect(opened.map((m) => [m.to, m.at])).toEqual([
      ['olaf@example.org', '2027-09-01T10:00'],
      ['olaf@example.org', '2027-09-01T10:00'],
    ]);
    expect(opened.every((m) => m.subject.includes('Wednesday 29 September 2027'))).toBe(true);
    await h.advanceTo('2027-09-10T10:00:00Z');
    const done = await completeCycle(a, olaf, [acceptedRisk]);
    expect(done).toMatchObject({ nextPlannedDue: '2028-09-11', lastCompletedOn: '2027-09-10' });
    expect(done.completedAssessments.map((c: { reason: string }) => c.reason)).toEqual(['significant_change', 'planned']);
    await mails();
  });

  it("opens B's second year on its date, and A's retirement before its opening sends nothing more", async () => {
    await expectOpensAt('2028-04-12T07:00:00.000Z', 'bea@example.org', 'Credit scorer', '10 May 2028');
    await h.advanceTo('2028-04-20T10:00:00Z');
    expect((await completeCycle(b, bea, [acceptedRisk])).nextPlannedDue).toBe('2029-04-20');
    await mails();
    await h.advanceTo('2028-07-03T10:00:00Z');
    const retired = await post(a, 'retire', pm.token, { reason: 'Replaced by a vendor product' });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', nextPlannedDue: null });
    await recordHistory(h, aiSystemWorkflowId(a), 'ai-system-email-outbox');
    const { status } = await h.env.client.workflow.getHandle(aiSystemWorkflowId(a)).describe();
    expect(status.name).toBe('COMPLETED');
    // B's third year opens 20 working days before Fri 2029-04-20: Fri 2029-03-23 (CET).
    await expectOpensAt('2029-03-23T08:00:00.000Z', 'bea@example.org', 'Credit scorer', '20 April 2029');
    await h.advanceTo('2030-01-04T12:00:00Z');
    const rest = await mails();
    expect(rest.filter((m) => m.to === 'olaf@example.org' || m.subject.includes('Support bot'))).toEqual([]);
    expect(rest.length).toBeGreaterThan(0); // B's open assessment goes on being chased
    expect((await post(a, 'significant-changes', olaf.token, { kind: 'incident', description: 'Late report' })).status).toBe(409);
  });
});
