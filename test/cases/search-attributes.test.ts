import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../calendar/working-calendar';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness } from '../support/engine-harness';

// Against the real dev server (the time-skipping server keeps no search attributes). `CaseStatus`
// says where each case is, at every change; a closed or cancelled case's workflow has ended
// (issue #20), and its last `CaseStatus` stays findable.

describe('case search attributes', () => {
  let h: EngineHarness;

  beforeAll(async () => {
    h = await EngineHarness.start({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Workflow ids a visibility query finds, once visibility (eventually consistent) shows `expected`. */
  const find = async (query: string, expected: string[]) => {
    let ids: string[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      ids = [];
      for await (const w of h.env.client.workflow.list({ query })) ids.push(w.workflowId);
      if (JSON.stringify(ids.sort()) === JSON.stringify([...expected].sort())) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return ids.sort();
  };

  it('finds open cases among running workflows and closed or cancelled ones among ended workflows, by their status', async () => {
    const pm = await h.person('Pam', ['programme_manager'], { timeZone: 'UTC' });
    const owner = await h.person('Otto', ['action_owner'], { timeZone: 'UTC' });
    const verifier = await h.person('Vera', ['auditor'], { timeZone: 'UTC' });
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    const raise = async (title: string) => {
      const raised = await h.call('POST', '/cases', pm.token, { aimsId, title, source: 'other', severity: 'minor', ownerId: owner.id });
      expect(raised.status).toBe(201);
      return raised.body.id as string;
    };
    const open = await raise('stays at containment');
    const closed = await raise('goes to closure');
    const cancelled = await raise('is cancelled');

    const dueDate = new WorkingCalendar({ timeZone: 'UTC', holidayRegion: null, closedDays: [] }).onOrAfter(
      new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    );
    const step = async (path: string, token: string, body: unknown) => {
      const done = await h.call('POST', `/cases/${closed}/${path}`, token, body);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      return done.body;
    };
    await step('containment', owner.token, { correction: 'c' });
    expect(await find(`CaseStatus = 'root_cause'`, [caseWorkflowId(closed)])).toEqual([caseWorkflowId(closed)]);
    await step('root-cause', owner.token, { method: 'five_whys', causes: ['c'], similarExist: false, actions: [{ title: 'a', ownerId: owner.id, dueDate }] });
    const approved = await step('plan-decision', pm.token, { approve: true, verifierId: verifier.id });
    await step(`actions/${approved.actions[0].id}/completion`, owner.token, { evidence: 'e' });
    expect((await step('effectiveness', verifier.token, { effective: true, evidence: 'e' })).status).toBe('closed');
    expect((await h.call('POST', `/cases/${cancelled}/cancellation`, pm.token, { reason: 'duplicate' })).status).toBe(200);

    // The closed and cancelled cases' workflows have ended, each found by its last status.
    for (const id of [closed, cancelled]) {
      await expect.poll(async () => (await h.env.client.workflow.getHandle(caseWorkflowId(id)).describe()).status.name, { timeout: 15_000 }).toBe('COMPLETED');
    }
    expect(await find(`ExecutionStatus = 'Completed' AND CaseStatus = 'closed'`, [caseWorkflowId(closed)])).toEqual([caseWorkflowId(closed)]);
    expect(await find(`ExecutionStatus = 'Running' AND CaseStatus = 'containment'`, [caseWorkflowId(open)])).toEqual([caseWorkflowId(open)]);
    expect(await find(`ExecutionStatus = 'Completed' AND CaseStatus = 'cancelled'`, [caseWorkflowId(cancelled)])).toEqual([caseWorkflowId(cancelled)]);
    // What is still open, as a programme manager would ask it: the running cases.
    expect(
      await find(`WorkflowType = 'ncCaseWorkflow' AND ExecutionStatus = 'Running' AND CaseStatus NOT IN ('closed', 'cancelled')`, [caseWorkflowId(open)]),
    ).toEqual([caseWorkflowId(open)]);
  }, 90_000);

  it('indexes a case that another workflow opened for a finding', async () => {
    const pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    const owner = await h.person('Olli', ['action_owner'], { timeZone: 'UTC' });
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Certified AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    const post = (path: string, body: unknown = {}) => h.call('POST', `/aims/${aimsId}/certification${path}`, pm.token, body);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect((await post('')).status).toBe(201);
    expect((await post('/body', { name: 'Example Certification GmbH' })).status).toBe(200);
    expect((await post('/stage1', { date: day(-60), outcome: 'passed' })).status).toBe(200);
    expect((await post('/stage2', { date: day(-30), outcome: 'passed' })).status).toBe(200);
    expect((await post('/decision', { date: day(-10) })).status).toBe(200);
    const recorded = await post('/external-audits', {
      kind: 'surveillance-1',
      date: day(-1),
      outcome: 'failed',
      findings: [{ item: 'A.6.2.4', severity: 'major', ownerId: owner.id, description: 'No verification records' }],
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    const caseId: string = recorded.body.externalAudits[0].findings[0].caseId;
    const id = caseWorkflowId(caseId);
    expect(await find(`ExecutionStatus = 'Running' AND CaseStatus = 'containment' AND WorkflowId = '${id}'`, [id])).toEqual([id]);
  }, 90_000);
});
