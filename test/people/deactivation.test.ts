import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChanges } from '../../db/repositories/audit-trail.repository';
import { EngineHarness } from '../support/engine-harness';
import { recordHistory } from '../support/histories';
import { webSession } from '../support/web-session';

// Pat, a programme manager who also audits, leaves. Pat holds an open task of every kind: the
// containment of a case, the fieldwork of an internal audit (lead auditor, auditing Engineering),
// a management review's input (a) and the certification's first preparation task. Nia, Pat's
// manager, takes them over; Eve, an auditor in Engineering, may not (she would audit her own
// department), and naming her refuses the whole deactivation.

type Person = Awaited<ReturnType<EngineHarness['person']>>;

describe('deactivating a leaver', () => {
  let h: EngineHarness;
  let ada: Person, pat: Person, nia: Person, olu: Person, eve: Person, cho: Person;
  let aimsId: string;
  let feedUrl: string;

  async function waitFor<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 100; i += 1) {
      const found = await read();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no ${what}`);
  }
  const openTasksOf = (personId: string) =>
    h.db.selectFrom('tasks').select(['id', 'item_type', 'title']).where('owner_id', '=', personId).where('status', '=', 'open').orderBy('item_type').execute();

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    ada = await h.person('Ada', ['admin'], { timeZone: 'UTC' });
    nia = await h.person('Nia', ['programme_manager', 'auditor'], { timeZone: 'UTC', department: 'Risk' });
    pat = await h.person('Pat', ['programme_manager', 'auditor'], { timeZone: 'UTC', department: 'Quality', managerId: nia.id });
    olu = await h.person('Olu', ['action_owner'], { timeZone: 'UTC', department: 'Engineering' });
    eve = await h.person('Eve', ['auditor', 'programme_manager'], { timeZone: 'UTC', department: 'Engineering' });
    cho = await h.person('Cho', ['management'], { timeZone: 'UTC', department: 'Board' });
    aimsId = (await h.call('POST', '/aims', pat.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pat.id })).body.id;
    // An audit and a review open 20 working days before their dates: 8 February opens on 11 January.
    expect((await h.call('POST', `/aims/${aimsId}/programme`, pat.token, { cadence: 'quarterly', anchorDate: '2027-02-08' })).status).toBe(201);
    const inputOwners = { a: pat.id, b: olu.id, c: olu.id, d: olu.id, e: olu.id };
    const review = await h.call('POST', `/aims/${aimsId}/reviews`, pat.token, {
      chairId: cho.id,
      attendeeIds: [pat.id],
      inputOwners,
      firstMeetingDate: '2027-02-08',
    });
    expect(review.status).toBe(201);
    // Certified on 1 June 2026: the first surveillance is due by 1 June 2027, its 180-day task is due already.
    const certification = (path: string, body: unknown) => h.call('POST', `/aims/${aimsId}/certification${path}`, pat.token, body);
    expect((await certification('', { certificationBody: 'Cert Co' })).status).toBe(201);
    expect((await certification('/stage1', { date: '2026-04-06', outcome: 'passed' })).status).toBe(200);
    expect((await certification('/stage2', { date: '2026-05-04', outcome: 'passed' })).status).toBe(200);
    expect((await certification('/decision', { date: '2026-06-01' })).status).toBe(200);
    const raised = await h.call('POST', '/cases', pat.token, { aimsId, title: 'Drift unmonitored', source: 'monitoring', severity: 'minor', ownerId: pat.id });
    expect(raised.status).toBe(201);
    await h.advanceTo('2027-01-11T12:00:00Z');
    const auditId = await waitFor('audit', async () => (await h.db.selectFrom('audits').select('id').where('aims_id', '=', aimsId).executeTakeFirst())?.id);
    await waitFor('review input', async () => ((await openTasksOf(pat.id)).some((t) => t.item_type === 'management_review') ? true : undefined));
    const team = await h.call('POST', `/audits/${auditId}/team`, nia.token, { leadAuditorId: pat.id, auditeeIds: [olu.id] });
    expect(team.status).toBe(200);
    feedUrl = (await h.call('POST', '/feeds/token', pat.token)).body.personFeedUrl;
    await webSession(h.api.url, pat.token);
    await h.settle();
    await h.newEmails();
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('holds an open task of every kind before leaving', async () => {
    expect((await openTasksOf(pat.id)).map((t) => t.item_type)).toEqual(['audit', 'certification', 'management_review', 'nc_case']);
  });

  it('refuses the whole deactivation when a rule forbids the new owner of one task, naming it, and changes nothing', async () => {
    const before = await openTasksOf(pat.id);
    const refused = await h.call('POST', `/people/${pat.id}/deactivation`, ada.token, { newOwnerId: eve.id, reason: 'Moved on' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('none of Pat');
    expect(refused.body.detail).toContain('Record the checklist results');
    expect(refused.body.detail).toContain('nobody audits their own department');
    expect(refused.body.errors).toEqual([{ field: 'body.newOwnerId', reason: expect.stringContaining('Engineering') }]);
    expect(await openTasksOf(pat.id)).toEqual(before);
    expect((await h.call('GET', '/me', pat.token)).status).toBe(200);
    expect((await fetch(h.api.url + new URL(feedUrl).pathname)).status).toBe(200);
    expect(await h.newEmails()).toEqual([]);
  });

  it('refuses without a new owner when the leaver has open tasks and no manager', async () => {
    const refused = await h.call('POST', `/people/${olu.id}/deactivation`, ada.token, {});
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'body.newOwnerId', reason: expect.stringContaining('no manager') }]);
    expect((await h.call('GET', '/me', olu.token)).status).toBe(200);
  });

  it('refuses to deactivate the last administrator', async () => {
    const refused = await h.call('POST', `/people/${ada.id}/deactivation`, ada.token, {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('last active administrator');
    expect((await h.call('GET', '/me', ada.token)).status).toBe(200);
  });

  it("hands every open task to the manager through its workflow, revokes the leaver's token and feed link, and keeps their history", async () => {
    const tasks = await openTasksOf(pat.id);
    const done = await h.call('POST', `/people/${pat.id}/deactivation`, ada.token, { reason: 'Moved on' });
    expect(done.status).toBe(200);
    expect(done.body.person).toMatchObject({ id: pat.id, name: 'Pat', active: false });
    expect(done.body.newOwnerId).toBe(nia.id);
    expect(done.body.handedOver.map((t: { taskId: string }) => t.taskId).sort()).toEqual(tasks.map((t) => t.id).sort());

    expect(await openTasksOf(pat.id)).toEqual([]);
    expect((await openTasksOf(nia.id)).map((t) => t.id).sort()).toEqual(tasks.map((t) => t.id).sort());
    // Each new owner is told once per task; the leaver hears nothing.
    const told = await h.newEmails();
    expect(told.filter((e) => e.to === 'pat@example.org')).toEqual([]);
    const assignments = told.filter((e) => e.to === 'nia@example.org' && e.subject.includes('Assigned to you'));
    expect(assignments).toHaveLength(tasks.length);
    for (const task of tasks) expect(assignments.filter((e) => e.subject.includes(task.title))).toHaveLength(1);

    // The workflows follow: the case and the audit name their new owner and lead auditor.
    const caseTask = tasks.find((t) => t.item_type === 'nc_case')!;
    const caseRow = await h.db.selectFrom('tasks').select('item_id').where('id', '=', caseTask.id).executeTakeFirstOrThrow();
    expect((await h.call('GET', `/cases/${caseRow.item_id}`, nia.token)).body.ownerId).toBe(nia.id);
    const trail = await listChanges(h.db, 'task', caseTask.id);
    expect(trail.at(-1)).toMatchObject({ actor_id: ada.id, action: 'reassigned' });

    // Signed out everywhere; still in the record by name.
    expect((await h.call('GET', '/me', pat.token)).status).toBe(401);
    expect((await fetch(h.api.url + new URL(feedUrl).pathname)).status).toBe(404);
    const openSessions = await h.db.selectFrom('web_sessions').select('id').where('person_id', '=', pat.id).where('ended_at', 'is', null).execute();
    expect(openSessions).toEqual([]);
    expect(await h.db.selectFrom('web_sessions').select('id').where('person_id', '=', pat.id).execute()).toHaveLength(1);
    expect((await h.call('GET', `/people/${pat.id}`, ada.token)).body).toMatchObject({ name: 'Pat', active: false });
    expect((await listChanges(h.db, 'person', pat.id)).map((c) => c.action)).toContain('deactivated');

    // Cannot be given anything new.
    const assign = await h.call('POST', '/cases', nia.token, { aimsId, title: 'Another', source: 'incident', severity: 'minor', ownerId: pat.id });
    expect(assign.status).toBe(422);

    const audit = await h.db.selectFrom('audits').select('workflow_id').where('aims_id', '=', aimsId).executeTakeFirstOrThrow();
    await recordHistory(h, audit.workflow_id, 'internal-audit-leaver-handover');
  });

  it('sends the leaver nothing afterwards, while reminders and escalations reach the new owner', async () => {
    await h.advanceTo('2027-03-01T00:00:00Z');
    const later = await h.newEmails();
    expect(later.filter((e) => e.to === 'pat@example.org')).toEqual([]);
    expect(later.filter((e) => e.to === 'nia@example.org' && /Reminder|Overdue/.test(e.subject)).length).toBeGreaterThan(0);
  });
});
