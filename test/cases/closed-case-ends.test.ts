import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness, type Caller } from '../support/engine-harness';

// A closed case costs nothing: its workflow ends once the closure emails are out, and a reopen
// starts a new run from where the ended one stopped.
describe('a closed case ends its workflow', () => {
  let h: EngineHarness;
  let pm: Caller;
  let owner: Caller;
  let doer: Caller;
  let verifier: Caller;
  let aimsId: string;

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    owner = await h.person('Ola', ['action_owner'], { timeZone: 'UTC' });
    doer = await h.person('Dan', ['action_owner'], { timeZone: 'UTC' });
    verifier = await h.person('Vic', ['auditor'], { timeZone: 'UTC' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    await h.advanceTo('2027-06-07T06:00:00Z'); // a Monday
  });
  afterAll(async () => {
    await h?.stop();
  });

  const status = async (id: string) => (await h.env.client.workflow.getHandle(caseWorkflowId(id)).describe()).status.name;
  /** Run ids seen per case: a new run after each reopen of an ended workflow. */
  const seen = new Set<string>();
  const runs = async (id: string) => {
    seen.add((await h.env.client.workflow.getHandle(caseWorkflowId(id)).describe()).runId);
    return seen.size;
  };

  async function rootCauseToClosure(id: string, due: string) {
    const planned = await h.call('POST', `/cases/${id}/root-cause`, owner.token, {
      method: 'five_whys',
      causes: ['No checklist'],
      similarExist: false,
      actions: [{ title: 'Add a checklist', ownerId: doer.id, dueDate: due }],
    });
    expect(planned.status).toBe(200);
    const approved = await h.call('POST', `/cases/${id}/plan-decision`, pm.token, { approve: true, verifierId: verifier.id, comment: 'Go' });
    expect(approved.status).toBe(200);
    const action = approved.body.actions.find((a: { status: string }) => a.status === 'open');
    expect((await h.call('POST', `/cases/${id}/actions/${action.id}/completion`, doer.token, { evidence: 'Done' })).status).toBe(200);
    const closed = await h.call('POST', `/cases/${id}/effectiveness`, verifier.token, { effective: true, evidence: 'Works' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  }

  it('completes on closure after the closure emails, and a reopen runs the case again in a new run, twice', { timeout: 120_000 }, async () => {
    const raised = await h.call('POST', '/cases', pm.token, { aimsId, title: 'Ends when closed', source: 'other', severity: 'minor', ownerId: owner.id });
    expect(raised.status).toBe(201);
    const id: string = raised.body.id;
    expect((await h.call('POST', `/cases/${id}/containment`, owner.token, { correction: 'Contained' })).status).toBe(200);
    await rootCauseToClosure(id, '2027-06-18');

    await expect.poll(() => status(id), { timeout: 15_000 }).toBe('COMPLETED');
    expect(await runs(id)).toBe(1);
    const closure = (await h.newEmails()).filter((e) => /closed/i.test(e.subject));
    expect(closure.map((e) => e.to).sort()).toEqual(['ola@example.org', 'pia@example.org']);
    const pending = (await h.env.client.workflow.getHandle(caseWorkflowId(id)).describe()).raw.pendingActivities ?? [];
    expect(pending).toHaveLength(0);

    // A reopen starts a new run at root cause; the owner is asked again.
    const reopened = await h.call('POST', `/cases/${id}/reopening`, pm.token, { reason: 'It came back' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('root_cause');
    expect(await status(id)).toBe('RUNNING');
    expect(await runs(id)).toBe(2);
    expect((await h.newEmails()).map((e) => e.subject)).toEqual([expect.stringContaining('Assigned to you: Root-cause analysis')]);

    // The new run takes the case to closure again, its trail going on without gap or clash.
    await rootCauseToClosure(id, '2027-06-25');
    await expect.poll(() => status(id), { timeout: 15_000 }).toBe('COMPLETED');
    const detail = await h.call('GET', `/cases/${id}`, pm.token);
    const actions: string[] = detail.body.timeline.filter((e: { entityType: string }) => e.entityType === 'nc_case').map((e: { action: string }) => e.action);
    expect(actions.filter((a) => a === 'closed')).toHaveLength(2);
    expect(actions.indexOf('reopened')).toBeGreaterThan(actions.indexOf('closed'));

    // A cancelled case ends too, and reopens the same way.
    const again = await h.call('POST', `/cases/${id}/reopening`, pm.token, { reason: 'Once more' });
    expect(again.status).toBe(200);
    const cancelled = await h.call('POST', `/cases/${id}/cancellation`, pm.token, { reason: 'Duplicate' });
    expect(cancelled.status).toBe(200);
    await expect.poll(() => status(id), { timeout: 15_000 }).toBe('COMPLETED');
    expect(await runs(id)).toBe(3);
    expect((await h.call('POST', `/cases/${id}/reopening`, pm.token, { reason: 'Not a duplicate' })).body.status).toBe('root_cause');
    expect(await runs(id)).toBe(4);
  });
});
