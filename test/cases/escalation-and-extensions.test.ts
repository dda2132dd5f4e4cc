import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, type Email } from '../support/engine-harness';

// A major nonconformity in an AIMS in Berlin (no holiday region, so plain weekdays), owned by
// someone in Berlin whose manager is in Tokyo. Raised Monday 4 January 2027: containment for a
// major is due in 5 working days, on Monday 11 January.

const brief = (emails: Email[]) => emails.map((e) => `${e.date.toISOString()} ${e.to} ${e.subject.replace(/^\[NC-\d+\] /, '')}`);

describe('escalation, the weekly chase and extensions', () => {
  let h: EngineHarness;
  let people: Record<'pm' | 'boss' | 'kim' | 'max' | 'olga', Awaited<ReturnType<EngineHarness['person']>>>;
  let aimsId: string;

  const raise = async (severity: 'major' | 'minor', title: string) => {
    const raised = await h.call('POST', '/cases', people.pm.token, { aimsId, title, source: 'incident', severity, ownerId: people.olga.id });
    expect(raised.status).toBe(201);
    await h.newEmails(); // the assignment
    return { caseId: raised.body.id as string, taskId: raised.body.tasks[0].id as string, dueDate: raised.body.tasks[0].dueDate as string };
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    const pm = await h.person('Pat', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    const boss = await h.person('Boss', ['action_owner'], { timeZone: 'Asia/Tokyo' });
    const kim = await h.person('Kim', ['management'], { timeZone: 'Europe/London' });
    const max = await h.person('Max', ['management'], { timeZone: 'Europe/Berlin' });
    const olga = await h.person('Olga', ['action_owner'], { timeZone: 'Europe/Berlin', managerId: boss.id });
    people = { pm, boss, kim, max, olga };
    const aims = await h.call('POST', '/aims', pm.token, { name: 'Plain weeks', timeZone: 'Europe/Berlin', programmeManagerId: pm.id });
    aimsId = aims.body.id;
    await h.advanceTo('2027-01-04T07:30:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('escalates to the manager, then to the programme manager and management, then chases weekly until done', async () => {
    const { caseId, dueDate } = await raise('major', 'Bias monitoring stopped');
    expect(dueDate).toBe('2027-01-11');

    await h.advanceTo('2027-02-06T00:00:00Z');
    // Sorted: emails planned for the same instant leave in no particular order.
    expect(brief(await h.newEmails()).sort()).toEqual(
      [
        // 5 and 1 working days before Monday 11 January, 09:00 Berlin (CET, UTC+1).
        `2027-01-04T08:00:00.000Z olga@example.org Reminder: Containment and correction is due Monday 11 January 2027`,
        `2027-01-08T08:00:00.000Z olga@example.org Reminder: Containment and correction is due Monday 11 January 2027`,
        `2027-01-12T08:00:00.000Z olga@example.org Overdue: Containment and correction was due Monday 11 January 2027`,
        // +3 working days: Thursday 14 January, 09:00 in Tokyo is 00:00Z.
        `2027-01-14T00:00:00.000Z boss@example.org Escalation: Olga's task is overdue (Containment and correction)`,
        // +10 working days: Monday 25 January, each at 09:00 in their own zone.
        `2027-01-25T08:00:00.000Z max@example.org Escalation: Olga's task is overdue (Containment and correction)`,
        `2027-01-25T08:00:00.000Z pat@example.org Escalation: Olga's task is overdue (Containment and correction)`,
        `2027-01-25T09:00:00.000Z kim@example.org Escalation: Olga's task is overdue (Containment and correction)`,
        // Weekly from there.
        `2027-02-01T08:00:00.000Z olga@example.org Still overdue: Containment and correction (due Monday 11 January 2027)`,
      ].map((line) => expect.stringContaining(line.slice(0, 60))),
    );

    const done = await h.call('POST', `/cases/${caseId}/containment`, people.olga.token, { correction: 'Monitoring restarted' });
    expect(done.status).toBe(200);
    await h.newEmails(); // root-cause assignment
    // The chase of 8 February never comes.
    await h.advanceTo('2027-02-09T00:00:00Z');
    expect(await h.newEmails()).toEqual([]);
  });

  it('leaves every timer where it was when an extension is refused, and enforces the limit of two', async () => {
    const { taskId, dueDate } = await raise('minor', 'Data sheet out of date');
    const ask = (to: string) =>
      h.call('POST', `/tasks/${taskId}/extension-requests`, people.olga.token, { newDueDate: to, reason: 'Waiting for the supplier' });
    const decide = (requestId: string, approve: boolean, token = people.boss.token) =>
      h.call('POST', `/tasks/${taskId}/extension-requests/${requestId}/decision`, token, { approve });

    const first = await ask('2027-03-31');
    expect(first.status).toBe(201);
    expect((await ask('2027-04-01')).status).toBe(409); // one pending at a time
    const byManagement = await decide(first.body.requestId, true, people.kim.token);
    expect(byManagement.status).toBe(403); // a minor's extension is the manager's call
    const refused = await decide(first.body.requestId, false);
    expect(refused.status).toBe(200);
    expect(refused.body.dueDate).toBe(dueDate);
    const emails = await h.newEmails();
    expect(emails.map((e) => e.subject)).toEqual([expect.stringContaining('Extension requested'), expect.stringContaining('Extension refused')]);

    const second = await ask('2027-03-31');
    expect((await decide(second.body.requestId, true)).body.dueDate).toBe('2027-03-31');
    const third = await ask('2027-04-30');
    expect((await decide(third.body.requestId, true)).body.dueDate).toBe('2027-04-30');
    const fourth = await ask('2027-05-31');
    expect(fourth.status).toBe(409);
    expect(fourth.body.detail).toContain('2 extensions already');
    await h.newEmails();
  });

  it('asks management, not the manager, to decide the extension of a major nonconformity', async () => {
    const { taskId } = await raise('major', 'Impact assessment skipped');
    const request = await h.call('POST', `/tasks/${taskId}/extension-requests`, people.olga.token, { newDueDate: '2027-03-01', reason: 'Legal review' });
    const asked = await h.newEmails();
    expect(asked.map((e) => e.to).sort()).toEqual(['kim@example.org', 'max@example.org']);
    expect((await h.call('POST', `/tasks/${taskId}/extension-requests/${request.body.requestId}/decision`, people.boss.token, { approve: true })).status).toBe(
      403,
    );
    const approved = await h.call('POST', `/tasks/${taskId}/extension-requests/${request.body.requestId}/decision`, people.max.token, { approve: true });
    expect(approved.status).toBe(200);
    expect(approved.body.dueDate).toBe('2027-03-01');
  });

  it('sends reminders to the new owner only once a task is reassigned', async () => {
    const { caseId, taskId, dueDate } = await raise('minor', 'Logging gap');
    const reassigned = await h.call('POST', `/tasks/${taskId}/reassignment`, people.pm.token, { ownerId: people.max.id, reason: 'Olga moved team' });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.ownerId).toBe(people.max.id);
    const told = await h.newEmails();
    expect(told.map((e) => `${e.to} ${e.subject.split(': ')[0]}`).sort()).toEqual([
      expect.stringMatching(/^max@example.org .*Assigned to you$/),
      expect.stringMatching(/^olga@example.org .*Reassigned$/),
    ]);
    expect((await h.call('GET', `/cases/${caseId}`, people.pm.token)).body.ownerId).toBe(people.max.id);
    await h.advanceTo(`${dueDate}T12:00:00Z`);
    const reminders = await h.newEmails();
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((e) => e.to === 'max@example.org' || !e.subject.includes('Logging gap'))).toBe(true);
  });
});
