import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../temporal/workflow-bundle';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness, type Email } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

// A minor nonconformity in an AIMS in Berlin (no holiday region: plain weekdays), raised Monday
// 4 January 2027 and owned by Olga in Berlin, whose manager Boss is in Tokyo. Containment of a
// minor is due in 10 working days: Monday 18 January. Reminders 5 and 1 working days before
// (Monday 11 and Friday 15 January), overdue Tuesday 19, the manager on Thursday 21 January.

const brief = (emails: Email[]) => emails.map((e) => `${e.date.toISOString()} ${e.to} ${e.subject.replace(/^\[NC-\d+\] /, '').split(':')[0]}`).sort();

describe("a person's changes reach what is already planned", () => {
  let h: EngineHarness;
  let people: Record<'admin' | 'pm' | 'boss' | 'kim' | 'olga', Awaited<ReturnType<EngineHarness['person']>>>;

  beforeAll(async () => {
    h = await EngineHarness.start();
    const admin = await h.person('Ada', ['admin'], { timeZone: 'UTC' });
    const pm = await h.person('Pat', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    const boss = await h.person('Boss', ['action_owner'], { timeZone: 'Asia/Tokyo' });
    const kim = await h.person('Kim', ['action_owner'], { timeZone: 'Europe/London' });
    const olga = await h.person('Olga', ['action_owner'], { timeZone: 'Europe/Berlin', managerId: boss.id });
    people = { admin, pm, boss, kim, olga };
    await h.advanceTo('2027-01-04T07:30:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('moves the next reminder to 09:00 in the new zone, and sends the next escalation to the new manager', async () => {
    const aims = await h.call('POST', '/aims', people.pm.token, { name: 'Plain weeks', timeZone: 'Europe/Berlin', programmeManagerId: people.pm.id });
    const raised = await h.call('POST', '/cases', people.pm.token, {
      aimsId: aims.body.id,
      title: 'Drift unmonitored',
      source: 'incident',
      severity: 'minor',
      ownerId: people.olga.id,
    });
    expect(raised.status).toBe(201);
    expect(raised.body.tasks[0].dueDate).toBe('2027-01-18');
    // The assignment, sent after the answer: waited for, so it cannot land in the next check.
    await h.emailsSentBy(caseWorkflowId(raised.body.id));

    await h.advanceTo('2027-01-12T00:00:00Z');
    expect(brief(await h.newEmails())).toEqual(['2027-01-11T08:00:00.000Z olga@example.org Reminder']);

    // Between the two reminders Olga moves to New York, by her own hand.
    const moved = await h.call('PATCH', `/people/${people.olga.id}`, people.olga.token, { timeZone: 'America/New_York' });
    expect(moved.status).toBe(200);
    expect(moved.body.timeZone).toBe('America/New_York');
    await h.advanceTo('2027-01-16T00:00:00Z');
    // 09:00 in New York (EST, UTC-5), not 09:00 in Berlin (08:00Z).
    expect(brief(await h.newEmails())).toEqual(['2027-01-15T14:00:00.000Z olga@example.org Reminder']);

    // Before the escalation, an admin gives Olga a new manager.
    const managed = await h.call('PATCH', `/people/${people.olga.id}`, people.admin.token, { managerId: people.kim.id });
    expect(managed.status).toBe(200);
    await h.advanceTo('2027-01-22T00:00:00Z');
    expect(brief(await h.newEmails())).toEqual([
      '2027-01-19T14:00:00.000Z olga@example.org Overdue',
      // +3 working days after 18 January: Thursday 21, 09:00 in London; Boss hears nothing.
      '2027-01-21T09:00:00.000Z kim@example.org Escalation',
    ]);

    // The new manager decides the extension of a minor step now, not the old one.
    const taskId = raised.body.tasks[0].id as string;
    const asked = await h.call('POST', `/tasks/${taskId}/extension-requests`, people.olga.token, { newDueDate: '2027-02-15', reason: 'Vendor' });
    expect(asked.status).toBe(201);
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['kim@example.org']);
    const byOld = await h.call('POST', `/tasks/${taskId}/extension-requests/${asked.body.requestId}/decision`, people.boss.token, { approve: true });
    expect(byOld.status).toBe(403);

    // The history with both signals replays on the workflow code as it is (and is kept for later versions).
    const workflowId = (await h.db.selectFrom('nc_cases').select('workflow_id').where('id', '=', raised.body.id).executeTakeFirstOrThrow()).workflow_id;
    await h.waitIdle(workflowId);
    const history = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
    expect(history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'personChanged')).toHaveLength(2);
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, workflowId);
    await recordHistory(h, workflowId, 'nc-case-person-changed');
  });

  it("gives the first escalation to the programme manager once the owner's manager has left", async () => {
    const aims = await h.call('POST', '/aims', people.pm.token, { name: 'Second', timeZone: 'Europe/Berlin', programmeManagerId: people.pm.id });
    const raised = await h.call('POST', '/cases', people.pm.token, {
      aimsId: aims.body.id,
      title: 'Logs lost',
      source: 'incident',
      severity: 'minor',
      ownerId: people.olga.id,
    });
    expect(raised.status).toBe(201);
    const dueDate = raised.body.tasks[0].dueDate as string;
    const day = (days: number, hour: string) => new Date(Date.parse(`${dueDate}T${hour}Z`) + days * 86_400_000).toISOString();
    // After the overdue notice, the loop sleeps until Kim's escalation; then Kim leaves.
    await h.advanceTo(day(4, '00:00:00'));
    await h.newEmails();
    const left = await h.call('POST', `/people/${people.kim.id}/deactivation`, people.admin.token, {});
    expect(left.status).toBe(200);
    expect(left.body.handedOver).toEqual([]);
    // Past the first escalation (+3 working days), before the second (+10).
    await h.advanceTo(day(5, '23:00:00'));
    // This case's emails: those linking to it.
    const emails = (await h.newEmails()).filter((e) => e.text.includes(raised.body.id));
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.filter((e) => e.to === 'kim@example.org')).toEqual([]);
    expect(emails.filter((e) => e.subject.includes('Escalation')).map((e) => e.to)).toEqual(['pat@example.org']);

    // With her manager gone, a programme manager decides Olga's minor extensions (here and on a new case).
    const taskId = raised.body.tasks[0].id as string;
    const asked = await h.call('POST', `/tasks/${taskId}/extension-requests`, people.olga.token, { newDueDate: '2027-03-15', reason: 'Vendor' });
    expect(asked.status).toBe(201);
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['pat@example.org']);
    const decided = await h.call('POST', `/tasks/${taskId}/extension-requests/${asked.body.requestId}/decision`, people.pm.token, { approve: true });
    expect(decided.status).toBe(200);
    const next = await h.call('POST', '/cases', people.pm.token, {
      aimsId: aims.body.id,
      title: 'Later',
      source: 'incident',
      severity: 'minor',
      ownerId: people.olga.id,
    });
    await h.newEmails();
    const nextAsk = await h.call('POST', `/tasks/${next.body.tasks[0].id}/extension-requests`, people.olga.token, {
      newDueDate: '2027-04-15',
      reason: 'Vendor',
    });
    expect(nextAsk.status).toBe(201);
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['pat@example.org']);

    // The history with the leaver's signal replays on the workflow code as it is.
    const workflowId = (await h.db.selectFrom('nc_cases').select('workflow_id').where('id', '=', raised.body.id).executeTakeFirstOrThrow()).workflow_id;
    await h.waitIdle(workflowId);
    await Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, await h.env.client.workflow.getHandle(workflowId).fetchHistory(), workflowId);
  });

  it('lets a person change only their own name and zone; the rest is an admin’s', async () => {
    const own = await h.call('PATCH', `/people/${people.olga.id}`, people.olga.token, { department: 'Sales' });
    expect(own.status).toBe(403);
    const other = await h.call('PATCH', `/people/${people.kim.id}`, people.olga.token, { name: 'Kimberly' });
    expect(other.status).toBe(403);
    const renamed = await h.call('PATCH', `/people/${people.olga.id}`, people.olga.token, { name: 'Olga K.' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Olga K.');
  });
});
