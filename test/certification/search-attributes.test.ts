import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

// Against the real dev server (the time-skipping server keeps no search attributes): the
// certification is found by `temporal workflow list --query` on its status and next due date.

describe('certification search attributes', () => {
  let h: EngineHarness;

  beforeAll(async () => {
    h = await EngineHarness.start({ server: 'dev' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const find = async (query: string) => {
    // Visibility is eventually consistent: give it a moment.
    for (let attempt = 0; attempt < 50; attempt++) {
      const ids: string[] = [];
      for await (const w of h.env.client.workflow.list({ query })) ids.push(w.workflowId);
      if (ids.length > 0) return ids;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return [];
  };

  it('lists certifications by status and next due date', async () => {
    const pm = await h.person('Pam', ['programme_manager'], { timeZone: 'UTC' });
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    const post = (path: string, body: unknown = {}) => h.call('POST', `/aims/${aimsId}/certification${path}`, pm.token, body);
    expect((await post('')).status).toBe(201);
    expect((await post('/body', { name: 'Example Certification GmbH' })).status).toBe(200);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect((await post('/stage1', { date: day(-60), outcome: 'passed' })).status).toBe(200);
    expect((await post('/stage2', { date: day(-30), outcome: 'passed' })).status).toBe(200);
    const decided = await post('/decision', { date: day(-10) });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const due: string = decided.body.nextDue.date;
    expect(decided.body.nextDue.item).toBe('surveillance-1');

    const workflowId = `certification-${aimsId}`;
    // Earlier runs (each cycle continues as new) keep their values: ask for the running one.
    expect(await find(`ExecutionStatus = 'Running' AND CertificationStatus = 'certified'`)).toEqual([workflowId]);
    // What falls due in a window, as a programme manager would ask it.
    expect(await find(`ExecutionStatus = 'Running' AND CertificationNextDue BETWEEN '${due}T00:00:00Z' AND '${due}T23:59:59Z'`)).toEqual([workflowId]);
    expect(await find(`ExecutionStatus = 'Running' AND CertificationStatus = 'expired'`)).toEqual([]);
  }, 60_000);
});
