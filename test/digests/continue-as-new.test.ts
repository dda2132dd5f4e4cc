import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { digestWorkflow } from '../../workflows/digests/digest.workflow';
import { DIGEST_WORKFLOW_ID } from '../../temporal/digests';
import { EngineHarness, type Email } from '../support/engine-harness';

// The digest workflow lives for years by continuing as new. Here it does so every two runs (a
// run is at most a day), across three Mondays: each weekly digest still goes out exactly once,
// at its instant, because each execution carries on from where the previous one stopped.
describe('the digest workflow across continue-as-new', () => {
  let h: EngineHarness;
  let firstRunId: string;

  beforeAll(async () => {
    h = await EngineHarness.start();
    const pam = await h.person('Pam', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    const ann = await h.person('Ann', ['action_owner'], { timeZone: 'Europe/Berlin' });
    const aimsId = (await h.call('POST', '/aims', pam.token, { name: 'AIMS', timeZone: 'Europe/Berlin', programmeManagerId: pam.id })).body.id;
    await h.advanceTo('2027-04-14T08:00:00Z'); // a Wednesday
    expect(
      (await h.call('POST', '/cases', pam.token, { aimsId, title: 'Model card missing', source: 'incident', severity: 'minor', ownerId: ann.id })).status,
    ).toBe(201);
    const handle = await h.env.client.workflow.start<typeof digestWorkflow>('digestWorkflow', {
      workflowId: DIGEST_WORKFLOW_ID,
      taskQueue: 'aims-cycles',
      args: [{ runsPerExecution: 2 }],
    });
    firstRunId = handle.firstExecutionRunId;
    await h.newEmails();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('sends each Monday digest exactly once while continuing as new every two runs', async () => {
    await h.advanceTo('2027-05-04T12:00:00Z'); // past three Mondays: 19 April, 26 April, 3 May
    const digests = (await h.newEmails()).filter((e: Email) => e.subject.startsWith('Weekly digest'));
    expect(digests.map((e) => [e.to, e.date.toISOString()])).toEqual([
      ['ann@example.org', '2027-04-19T07:00:00.000Z'],
      ['ann@example.org', '2027-04-26T07:00:00.000Z'],
      ['ann@example.org', '2027-05-03T07:00:00.000Z'],
    ]);
    const now = await h.env.client.workflow.getHandle(DIGEST_WORKFLOW_ID).describe();
    expect(now.status.name).toBe('RUNNING');
    expect(now.runId).not.toBe(firstRunId);
    // Each execution is short: its history stays far from the server's limits.
    expect(now.historyLength).toBeLessThan(40);
  });
});
