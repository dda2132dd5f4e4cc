import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentWorkflowId } from '../../domain/document';
import { EngineHarness } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

// Two documents of an AIMS in Berlin (no holiday region: Monday to Friday are working days) over
// three years under time skipping. A review is due its interval after the approval (rolled to a
// working day) and opens, as a task of the owner, 20 working days before, at 09:00 Berlin.
// Dates worked out by hand:
//   A (12 months; approvers Mia and Rita; owner Olaf). v1 rejected by Rita; v2 approved Tue
//   2027-01-05 with acknowledgement by Engineering (Olaf, Ed) and Bea by name, due +10 working
//   days, Tue 2027-01-19: reminders Tue 12 Jan and Mon 18 Jan (08:00Z). Next review due Wed
//   2028-01-05, opening Wed 2027-12-08 (08:00Z). Reviewed Fri 2027-12-10 → due 2028-12-10, a
//   Sunday → Mon 2028-12-11, opening Mon 2028-11-13. Reviewed Fri 2028-12-01 → due 2029-12-01, a
//   Saturday → Mon 2029-12-03, opening Mon 2029-11-05.
//   B (6 months; approver Rita; owner Bea). Approved Tue 2027-01-05 → due Mon 2027-07-05, opening
//   Mon 2027-06-07 (CEST, 07:00Z). Not reviewed: reminders Mon 28 Jun and Fri 2 Jul, overdue Tue
//   6 Jul, Bea's manager Mia Thu 8 Jul. Reviewed Mon 2027-07-12 → due Wed 2028-01-12, opening Wed
//   2027-12-15. Reviewed Mon 2028-01-10 → due Mon 2028-07-10; retired Tue 2028-05-02 before its
//   opening (Mon 2028-06-12): nothing more about it.

describe('documents: three years of reviews, approvals and acknowledgements', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let mia: Person;
  let rita: Person;
  let olaf: Person;
  let bea: Person;
  let ed: Person;
  let zoe: Person;
  let aimsId: string;
  let a: string;
  let b: string;

  const mails = async () => (await h.newEmails()).map((e) => ({ to: e.to, subject: e.subject, at: e.date.toISOString().slice(0, 16) }));
  const get = async (id: string) => (await h.call('GET', `/documents/${id}`, pm.token)).body;
  const post = (id: string, path: string, token: string, body: unknown = {}) => h.call('POST', `/documents/${id}/${path}`, token, body);
  const version = (n: number, extra: Record<string, unknown> = {}) => ({
    link: `https://intranet.example.org/docs/v${n}`,
    changeSummary: `Version ${n}`,
    ...extra,
  });
  const openTasks = (d: { tasks: any[] }): any[] => d.tasks.filter((t) => t.status === 'open');

  /** Nothing about the document just before `at`; at it, the review task's assignment to `to`, due `due`. */
  async function expectReviewOpensAt(at: string, to: string, title: string, due: string) {
    await h.advanceTo(new Date(Date.parse(at) - 60_000).toISOString());
    expect((await mails()).filter((m) => m.subject.includes(title))).toEqual([]);
    await h.advanceTo(new Date(Date.parse(at) + 60_000).toISOString());
    const got = (await mails()).filter((m) => m.subject.includes(title));
    expect(got.map((m) => [m.to, m.at])).toEqual([[to, at.slice(0, 16)]]);
    expect(got[0]!.subject).toContain(due);
  }

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    mia = await h.person('Mia', ['management'], { timeZone: 'Europe/Berlin' });
    rita = await h.person('Rita', ['action_owner'], { timeZone: 'Europe/Berlin', department: 'Legal' });
    olaf = await h.person('Olaf', ['action_owner'], { timeZone: 'Europe/Berlin', managerId: mia.id, department: 'Engineering' });
    bea = await h.person('Bea', ['action_owner'], { timeZone: 'Europe/Berlin', managerId: mia.id, department: 'Sales' });
    ed = await h.person('Ed', ['auditor'], { timeZone: 'Europe/Berlin', department: 'Engineering' });
    zoe = await h.person('Zoe', ['action_owner'], { timeZone: 'Europe/Berlin', department: 'Sales' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', programmeManagerId: pm.id })).body.id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('registers two drafts with their own review intervals', async () => {
    const first = await h.call('POST', `/aims/${aimsId}/documents`, pm.token, {
      title: 'AI policy',
      kind: 'policy',
      ownerId: olaf.id,
      approverIds: [mia.id, rita.id],
      addresses: ['5.2', 'A.2.2', 'A.2.4'],
      reviewMonths: 12,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'draft', currentVersion: null, nextReviewDue: null, versions: [], tasks: [] });
    a = first.body.id;
    const second = await h.call('POST', `/aims/${aimsId}/documents`, pm.token, {
      title: 'Data quality procedure',
      kind: 'procedure',
      ownerId: bea.id,
      approverIds: [rita.id],
      addresses: ['A.7.4'],
      reviewMonths: 6,
    });
    expect(second.status).toBe(201);
    b = second.body.id;
    const register = await h.call('GET', `/aims/${aimsId}/documents`, pm.token);
    expect(register.body.items.map((d: { title: string }) => d.title)).toEqual(['AI policy', 'Data quality procedure']);
    expect(await mails()).toEqual([]);
  });

  it('asks every approver; a rejection cancels the others and returns the version to the owner with its reason', async () => {
    await h.advanceTo('2027-01-04T09:00:00Z');
    const submitted = await post(a, 'versions', olaf.token, version(1));
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('in_review');
    expect(
      openTasks(submitted.body)
        .map((t: { ownerId: string }) => t.ownerId)
        .sort(),
    ).toEqual([mia.id, rita.id].sort());
    const asked = await mails();
    expect(asked.map((m) => m.to).sort()).toEqual(['mia@example.org', 'rita@example.org']);
    expect(asked.every((m) => m.subject.includes('11 January 2027'))).toBe(true);

    const rejected = await post(a, 'reject', rita.token, { reason: 'Section 3 does not state the risk appetite' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'draft', currentVersion: null });
    expect(rejected.body.versions[0]).toMatchObject({
      number: 1,
      status: 'rejected',
      rejection: { personId: rita.id, reason: 'Section 3 does not state the risk appetite' },
    });
    const open = openTasks(rejected.body);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ ownerId: olaf.id, step: `revise:${rejected.body.versions[0].id}` });
    expect(open[0].title).toContain('Section 3 does not state the risk appetite');
    const back = await mails();
    expect(back.map((m) => m.to)).toEqual(['olaf@example.org']);
    expect(back[0]!.subject).toContain('Section 3 does not state the risk appetite');
    // Mia's approval went with the rejected version.
    expect((await post(a, 'approve', mia.token)).status).toBe(409);
  });

  it('is in force once every approver approved; exactly its audience is asked to acknowledge', async () => {
    await h.advanceTo('2027-01-05T09:00:00Z');
    const audience = { departments: ['Engineering'], personIds: [bea.id], roles: [] };
    expect((await post(a, 'versions', olaf.token, version(2, { toBeAcknowledged: true, audience }))).status).toBe(200);
    expect((await post(a, 'approve', olaf.token)).status).toBe(403); // the owner is no approver
    const half = await post(a, 'approve', mia.token);
    expect(half.status).toBe(200);
    expect(half.body).toMatchObject({ status: 'in_review', currentVersion: null });
    const done = await post(a, 'approve', rita.token);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'approved', currentVersion: 2, lastApprovedOn: '2027-01-05', nextReviewDue: '2028-01-05' });
    const readers = openTasks(done.body).filter((t: { step: string }) => t.step.startsWith('acknowledge:'));
    expect(readers.map((t: { ownerId: string }) => t.ownerId).sort()).toEqual([olaf.id, bea.id, ed.id].sort());
    const acks = await h.call('GET', `/documents/${a}/acknowledgements`, pm.token);
    expect(acks.body).toMatchObject({ version: 2, toBeAcknowledged: true, acknowledged: [] });
    expect(acks.body.outstanding.map((p: { name: string }) => p.name).sort()).toEqual(['Bea', 'Ed', 'Olaf']);
    expect((await post(a, 'acknowledgements', zoe.token)).status).toBe(409); // not in the audience

    // B: one approver, approved the same day.
    expect((await post(b, 'versions', bea.token, version(1))).status).toBe(200);
    const bDone = await post(b, 'approve', rita.token);
    expect(bDone.body).toMatchObject({ status: 'approved', currentVersion: 1, nextReviewDue: '2027-07-05' });
    const sent = await mails();
    expect(
      sent
        .filter((m) => m.subject.includes('acknowledge'))
        .map((m) => m.to)
        .sort(),
    ).toEqual(['bea@example.org', 'ed@example.org', 'olaf@example.org']);
  });

  it('reminds each reader until they confirm, and no longer', async () => {
    expect((await post(a, 'acknowledgements', ed.token)).status).toBe(200);
    await h.advanceTo('2027-01-12T08:01:00Z');
    expect((await mails()).map((m) => [m.to, m.at]).sort()).toEqual([
      ['bea@example.org', '2027-01-12T08:00'],
      ['olaf@example.org', '2027-01-12T08:00'],
    ]);
    expect((await post(a, 'acknowledgements', olaf.token)).status).toBe(200);
    expect((await post(a, 'acknowledgements', olaf.token)).status).toBe(409);
    await h.advanceTo('2027-01-18T08:01:00Z');
    expect((await mails()).map((m) => [m.to, m.at])).toEqual([['bea@example.org', '2027-01-18T08:00']]);
    const partial = (await h.call('GET', `/documents/${a}/acknowledgements?version=2`, pm.token)).body;
    expect(partial.acknowledged.map((p: { name: string }) => p.name).sort()).toEqual(['Ed', 'Olaf']);
    expect(partial.outstanding.map((p: { name: string }) => p.name)).toEqual(['Bea']);
    expect((await post(a, 'acknowledgements', bea.token)).status).toBe(200);
    await h.advanceTo('2027-02-15T12:00:00Z');
    expect(await mails()).toEqual([]);
    const all = (await h.call('GET', `/documents/${a}/acknowledgements`, pm.token)).body;
    expect(all.outstanding).toEqual([]);
    expect(all.acknowledged).toHaveLength(3);
  });

  it("opens B's six-monthly review on its date; not reviewed, it is overdue and escalated to the owner's manager", async () => {
    await expectReviewOpensAt('2027-06-07T07:00:00.000Z', 'bea@example.org', 'Data quality procedure', '5 July 2027');
    expect(await get(b)).toMatchObject({ status: 'due_for_review', reviewDue: '2027-07-05', nextReviewDue: null, reviewOverdue: false });
    await h.advanceTo('2027-06-28T07:01:00Z');
    expect((await mails()).map((m) => [m.to, m.at])).toEqual([['bea@example.org', '2027-06-28T07:00']]);
    await h.advanceTo('2027-07-02T07:01:00Z');
    expect((await mails()).map((m) => [m.to, m.at])).toEqual([['bea@example.org', '2027-07-02T07:00']]);
    await h.advanceTo('2027-07-06T07:01:00Z');
    expect((await mails()).map((m) => [m.to, m.at])).toEqual([['bea@example.org', '2027-07-06T07:00']]);
    const late = await get(b);
    expect(late).toMatchObject({ status: 'due_for_review', reviewOverdue: true });
    expect(openTasks(late)[0]).toMatchObject({ step: 'review', overdue: true });
    const overdue = await h.call('GET', `/overdue?aimsId=${aimsId}`, mia.token);
    expect(JSON.stringify(overdue.body)).toContain('Data quality procedure');
    await h.advanceTo('2027-07-08T07:01:00Z');
    expect((await mails()).map((m) => [m.to, m.at])).toEqual([['mia@example.org', '2027-07-08T07:00']]);

    await h.advanceTo('2027-07-12T10:00:00Z');
    expect((await post(b, 'versions', bea.token, version(2, { changeSummary: 'Reviewed, no change' }))).status).toBe(200);
    const approved = await post(b, 'approve', rita.token);
    expect(approved.body).toMatchObject({ status: 'approved', currentVersion: 2, reviewDue: null, reviewOverdue: false, nextReviewDue: '2028-01-12' });
    expect(openTasks(approved.body)).toEqual([]);
    await mails();
  });

  it("opens A's yearly review and B's next one on their dates, each counted from its approval", async () => {
    await expectReviewOpensAt('2027-12-08T08:00:00.000Z', 'olaf@example.org', 'AI policy', '5 January 2028');
    await h.advanceTo('2027-12-10T10:00:00Z');
    expect((await post(a, 'versions', olaf.token, version(3))).status).toBe(200);
    expect((await post(a, 'approve', mia.token)).status).toBe(200);
    const a3 = await post(a, 'approve', rita.token);
    expect(a3.body).toMatchObject({ currentVersion: 3, nextReviewDue: '2028-12-11', lastApprovedOn: '2027-12-10' });
    expect(a3.body.versions.map((v: { status: string }) => v.status)).toEqual(['approved', 'superseded', 'rejected']);
    await mails();
    await expectReviewOpensAt('2027-12-15T08:00:00.000Z', 'bea@example.org', 'Data quality procedure', '12 January 2028');
    await h.advanceTo('2028-01-10T10:00:00Z');
    expect((await post(b, 'versions', bea.token, version(3))).status).toBe(200);
    expect((await post(b, 'approve', rita.token)).body.nextReviewDue).toBe('2028-07-10');
    await mails();
  });

  it('a retired document sends nothing more and refuses a review; A goes on into its third year', async () => {
    await h.advanceTo('2028-05-02T10:00:00Z');
    const retired = await post(b, 'retire', pm.token, { reason: 'Merged into the data governance procedure' });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', nextReviewDue: null });
    expect((await post(b, 'versions', bea.token, version(4))).status).toBe(409);
    const { status } = await h.env.client.workflow.getHandle(documentWorkflowId(b)).describe();
    expect(status.name).toBe('COMPLETED');

    await expectReviewOpensAt('2028-11-13T08:00:00.000Z', 'olaf@example.org', 'AI policy', '11 December 2028');
    await h.advanceTo('2028-12-01T10:00:00Z');
    expect((await post(a, 'versions', olaf.token, version(4))).status).toBe(200);
    expect((await post(a, 'approve', rita.token)).status).toBe(200);
    expect((await post(a, 'approve', mia.token)).body).toMatchObject({ currentVersion: 4, nextReviewDue: '2029-12-03' });
    await recordHistory(h, documentWorkflowId(a), 'document-email-outbox');
    expect((await mails()).map((m) => m.to).sort()).toEqual(['mia@example.org', 'rita@example.org']); // the approvals asked
    await expectReviewOpensAt('2029-11-05T08:00:00.000Z', 'olaf@example.org', 'AI policy', '3 December 2029');
    await h.advanceTo('2029-12-20T12:00:00Z');
    const rest = await mails();
    expect(rest.filter((m) => m.subject.includes('Data quality procedure') || m.to === 'bea@example.org')).toEqual([]);
    expect(rest.length).toBeGreaterThan(0); // A's open review goes on being chased
  });
});
