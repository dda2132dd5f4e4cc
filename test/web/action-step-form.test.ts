import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';
import { webSession } from '../support/web-session';

// The inbox form that reports a corrective action done names the action of the task it was
// posted for (nc_actions.task_id), even when another action has the same title and owner.

describe('reporting an action done from the inbox', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let ana: typeof pm;
  let vera: typeof pm;
  let caseId: string;

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Paula', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    ana = await h.person('Ana', ['action_owner'], { timeZone: 'Europe/Berlin' });
    vera = await h.person('Vera', ['auditor'], { timeZone: 'Europe/Berlin' });
    const aims = await h.call('POST', '/aims', pm.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id });
    await h.advanceTo('2027-03-08T07:30:00Z');
    const raised = await h.call('POST', '/cases', pm.token, {
      aimsId: aims.body.id,
      title: 'Stale model card',
      source: 'internal_audit',
      severity: 'minor',
      ownerId: ana.id,
    });
    caseId = raised.body.id;
    expect((await h.call('POST', `/cases/${caseId}/containment`, ana.token, { correction: 'Card updated' })).status).toBe(200);
    const sameTwice = { title: 'Review the model card', ownerId: ana.id };
    const plan = await h.call('POST', `/cases/${caseId}/root-cause`, ana.token, {
      method: 'five_whys',
      causes: ['No review'],
      similarExist: false,
      actions: [
        { ...sameTwice, dueDate: '2027-04-05' },
        { ...sameTwice, dueDate: '2027-05-03' },
      ],
    });
    expect(plan.status).toBe(200);
    expect((await h.call('POST', `/cases/${caseId}/plan-decision`, pm.token, { approve: true, verifierId: vera.id })).status).toBe(200);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('completes the action of the task the form was posted for', async () => {
    const before = (await h.call('GET', `/cases/${caseId}`, pm.token)).body;
    const later = before.tasks.find((t: { step: string; dueDate: string }) => t.step === 'action' && t.dueDate === '2027-05-03');
    const session = await webSession(h.api.url, ana.token);
    const posted = await fetch(`${h.api.url}/ui/tasks/${later.id}/submission`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: session.form({ evidence: 'Reviewed in May' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const after = (await h.call('GET', `/cases/${caseId}`, pm.token)).body;
    expect(after.actions.map((a: { dueDate: string; status: string; evidence: string | null }) => [a.dueDate, a.status, a.evidence]).sort()).toEqual([
      ['2027-04-05', 'open', null],
      ['2027-05-03', 'done', 'Reviewed in May'],
    ]);
  });
});
