import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness, type Email } from '../support/engine-harness';

// A task created after its due date (here an audit opened late: its team is due ten working days
// before fieldwork, which is four days away) must not start at an escalation. Its owner hears
// first, at the next 09:00 of a working day, and the escalations keep their distances from that.
// Plain weeks in UTC; Monday 4 January 2027, 08:00. The team task is due Friday 25 December 2026.

const brief = (emails: Email[]) =>
  emails
    .filter((e) => /\] (Overdue|Escalation|Still overdue)/.test(e.subject))
    .map((e) => `${e.date.toISOString()} ${e.to} ${e.subject.replace(/^\[[^\]]+\] /, '').split(':')[0]}`);

describe('a task created after its due date', () => {
  let h: EngineHarness;
  let pat: Awaited<ReturnType<EngineHarness['person']>>;

  beforeAll(async () => {
    h = await EngineHarness.start();
    const boss = await h.person('Boss', ['management'], { timeZone: 'UTC' });
    await h.person('Mona', ['management'], { timeZone: 'UTC' });
    pat = await h.person('Pat', ['programme_manager'], { timeZone: 'UTC', managerId: boss.id });
    const aimsId = (await h.call('POST', '/aims', pat.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pat.id })).body.id;
    await h.advanceTo('2027-01-04T08:00:00Z');
    const started = await h.call('POST', `/aims/${aimsId}/programme`, pat.token, { cadence: 'monthly', anchorDate: '2027-01-08' });
    expect(started.status).toBe(201);
    await h.settle();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('sends the owner the overdue notice first, then the escalations from it, then the chase', async () => {
    const team = await h.db.selectFrom('tasks').select(['owner_id', 'due_date', 'created_at']).where('step', '=', 'audit_team').executeTakeFirstOrThrow();
    expect(team.owner_id).toBe(pat.id);
    expect(team.due_date).toBe('2026-12-25');
    expect(team.created_at.toISOString() > '2026-12-28T09:00:00.000Z').toBe(true); // after its overdue instant

    await h.advanceTo('2027-01-22T09:01:00Z');
    expect(brief(await h.newEmails())).toEqual([
      // The overdue notice at the first 09:00 after the task was created: this morning.
      '2027-01-04T09:00:00.000Z pat@example.org Overdue',
      // The manager 3 working days after the due date the notice stands for (Friday 1 January:
      // a working day in plain weeks), 2 after the notice, as for any task.
      '2027-01-06T09:00:00.000Z boss@example.org Escalation',
      // Management 10 working days after it; Pat, the owner, is not told of her own escalation.
      '2027-01-15T09:00:00.000Z boss@example.org Escalation',
      '2027-01-15T09:00:00.000Z mona@example.org Escalation',
      // Then the weekly chase.
      '2027-01-22T09:00:00.000Z pat@example.org Still overdue',
    ]);
  });
});
