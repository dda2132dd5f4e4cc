import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificationWorkflowId } from '../../domain/certification';
import { EngineHarness } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

// An AIMS in Berlin (no holiday region: Monday to Friday are working days). Decision on Monday
// 29 March 2027, the day after the 2027 switch to summer time; every anniversary falls near
// the switch, so task instants alternate between CEST (09:00 = 07:00Z) and CET (08:00Z).
// Dates worked out by hand: surveillance 1 due 2028-03-29, 180/90/30 days before it are
// 2027-10-01, 2027-12-30 and 2028-02-28.

describe('two full certification cycles, a late recertification, expiry and restoration', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owner: typeof pm;
  let aimsId: string;
  let firstRunId: string;

  const mails = async () => (await h.newEmails()).map((e) => ({ to: e.to, subject: e.subject, at: e.date.toISOString() }));
  const get = async () => (await h.call('GET', `/aims/${aimsId}/certification`, pm.token)).body;
  const post = (path: string, body: unknown = {}) => h.call('POST', `/aims/${aimsId}/certification/${path}`, pm.token, body);
  const completeOpen = async () => {
    for (const t of (await get()).openTasks) expect((await post(`tasks/${t.id}/complete`)).status).toBe(200);
  };
  /** Advances to a task instant: nothing before it, then exactly that assignment at it. */
  async function expectTaskAt(at: string, title: string, due: string) {
    await h.advanceTo(new Date(Date.parse(at) - 60_000).toISOString());
    expect(await mails()).toEqual([]);
    await h.advanceTo(new Date(Date.parse(at) + 60_000).toISOString());
    const got = await mails();
    expect(got).toEqual([{ to: 'pia@example.org', subject: expect.stringContaining(`Assigned to you: ${title}`), at }]);
    expect(got[0]!.subject).toContain(`due ${due}`);
  }

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Pia', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    owner = await h.person('Olaf', ['action_owner'], { timeZone: 'Europe/Berlin' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', programmeManagerId: pm.id })).body.id;
    await h.advanceTo('2027-02-01T08:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('records the initial certification: body, stage 1, stage 2, decision', async () => {
    const started = await h.call('POST', `/aims/${aimsId}/certification`, pm.token, {});
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'initial', cycle: 0, nextDue: null });
    expect((await h.call('POST', `/aims/${aimsId}/certification`, pm.token, {})).status).toBe(409);
    expect((await post('body', { name: 'TÜV Example' })).status).toBe(200);
    expect((await post('stage1', { date: '2027-01-20', outcome: 'passed' })).status).toBe(200);
    await h.advanceTo('2027-03-29T10:00:00Z');
    expect((await post('stage2', { date: '2027-03-10', outcome: 'passed' })).status).toBe(200);
    const decided = await post('decision', { date: '2027-03-29' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'certified',
      cycle: 1,
      certificationBody: 'TÜV Example',
      decisionDate: '2027-03-29',
      cycleStart: '2027-03-29',
      expiryDate: '2030-03-29',
      restoreUntil: '2030-09-29',
      nextDue: { item: 'surveillance-1', date: '2028-03-29' },
      plannedAudits: [
        { kind: 'surveillance-1', dueDate: '2028-03-29' },
        { kind: 'surveillance-2', dueDate: '2029-03-29' },
        { kind: 'recertification', dueDate: '2030-03-28' },
      ],
    });
    const { raw } = await h.env.client.workflow.getHandle(certificationWorkflowId(aimsId)).describe();
    firstRunId = raw.workflowExecutionInfo!.firstRunId ?? '';
    expect(await mails()).toEqual([]);
  });

  it('creates the tasks ahead of surveillance 1 at 180, 90 and 30 days, at 09:00 Berlin across DST, with reminders', async () => {
    await expectTaskAt('2027-10-01T07:00:00.000Z', 'Book the certification body for the surveillance audit 1 due by 2028-03-29', 'Thursday 30 December 2027');
    // Left open: reminded 5 and 1 working days before its due date, at 09:00 CET.
    await h.advanceTo('2027-12-30T07:59:00Z');
    expect(await mails()).toEqual([
      { to: 'pia@example.org', subject: expect.stringContaining('Reminder: Book the certification body'), at: '2027-12-23T08:00:00.000Z' },
      { to: 'pia@example.org', subject: expect.stringContaining('Reminder: Book the certification body'), at: '2027-12-29T08:00:00.000Z' },
    ]);
    await completeOpen();
    await expectTaskAt('2027-12-30T08:00:00.000Z', 'Prepare the evidence for the surveillance audit 1', 'Monday 28 February 2028');
    await completeOpen();
    await expectTaskAt('2028-02-28T08:00:00.000Z', 'Confirm readiness for the surveillance audit 1', 'Wednesday 29 March 2028');
  });

  it('records surveillance 1 with a major finding: a linked case, 90 days to close, the open task done', async () => {
    await h.advanceTo('2028-03-10T10:00:00Z');
    const recorded = await post('external-audits', {
      kind: 'surveillance-1',
      date: '2028-03-08',
      outcome: 'failed',
      findings: [{ item: 'A.6.2.4', severity: 'major', ownerId: owner.id, description: 'No verification records' }],
    });
    expect(recorded.status).toBe(200);
    const audit = recorded.body.externalAudits[0];
    expect(audit).toMatchObject({ kind: 'surveillance-1', outcome: 'failed', findings: [{ item: 'A.6.2.4', severity: 'major', closeBy: '2028-06-06' }] });
    expect(recorded.body.openTasks).toEqual([]);
    const findCase = () => h.db.selectFrom('nc_cases').selectAll().where('id', '=', audit.findings[0].caseId).executeTakeFirst();
    for (let i = 0; i < 100 && !(await findCase()); i++) await new Promise((r) => setTimeout(r, 100));
    const nc = (await findCase())!;
    expect(nc).toMatchObject({ source: 'external_audit', severity: 'major', audit_id: audit.id, owner_id: owner.id });
    // The 90 days to close are a task of the case, reminded and escalated like any other.
    const findCloseBy = () =>
      h.db
        .selectFrom('tasks')
        .select(['step', 'due_date', 'owner_id', 'status'])
        .where('item_id', '=', nc.id)
        .where('step', '=', 'close_by')
        .executeTakeFirst();
    for (let i = 0; i < 100 && !(await findCloseBy()); i++) await new Promise((r) => setTimeout(r, 100));
    const closeBy = await findCloseBy();
    expect(closeBy).toEqual({ step: 'close_by', due_date: '2028-06-06', owner_id: owner.id, status: 'open' });
    // (the case runs on its own; cancelled here so that its chases do not fill the years ahead)
    expect((await h.call('POST', `/cases/${nc.id}/cancellation`, pm.token, { reason: 'test: handled elsewhere' })).status).toBe(200);
    // surveillance 1 was not passed: it stays the next item due
    expect(recorded.body.nextDue).toEqual({ item: 'surveillance-1', date: '2028-03-29' });
    const passed = await post('external-audits', { kind: 'surveillance-1', date: '2028-03-20', outcome: 'passed', findings: [] });
    expect(passed.body.nextDue).toEqual({ item: 'surveillance-2', date: '2029-03-29' });
    await mails();
  });

  it('runs surveillance 2 and the recertification of cycle 1; the next cycle follows on from the old expiry', async () => {
    await expectTaskAt('2028-09-30T07:00:00.000Z', 'Book the certification body for the surveillance audit 2 due by 2029-03-29', 'Friday 29 December 2028');
    await completeOpen();
    await expectTaskAt('2028-12-29T08:00:00.000Z', 'Prepare the evidence for the surveillance audit 2', 'Tuesday 27 February 2029');
    await completeOpen();
    await h.advanceTo('2029-02-10T10:00:00Z');
    expect((await post('external-audits', { kind: 'surveillance-2', date: '2029-02-09', outcome: 'passed', findings: [] })).body.nextDue).toEqual({
      item: 'recertification',
      date: '2030-03-28',
    });
    await expectTaskAt('2029-09-29T07:00:00.000Z', 'Book the certification body for the recertification audit due by 2030-03-28', 'Friday 28 December 2029');
    await completeOpen();
    await expectTaskAt('2029-12-28T08:00:00.000Z', 'Prepare the evidence for the recertification audit', 'Tuesday 26 February 2030');
    await completeOpen();
    await h.advanceTo('2030-02-20T10:00:00Z');
    const recert = await post('external-audits', { kind: 'recertification', date: '2030-02-18', outcome: 'passed', findings: [] });
    expect(recert.status).toBe(200);
    expect(recert.body).toMatchObject({
      status: 'certified',
      cycle: 2,
      cycleStart: '2030-03-29',
      expiryDate: '2033-03-29',
      nextDue: { item: 'surveillance-1', date: '2031-03-29' },
      externalAudits: [],
    });
  });

  it('cycle 2: surveillance audits on time, then no recertification: expired at 00:00 Berlin on the expiry date', async () => {
    await expectTaskAt('2030-09-30T07:00:00.000Z', 'Book the certification body for the surveillance audit 1 due by 2031-03-29', 'Sunday 29 December 2030');
    await completeOpen();
    // Every task done as soon as it is assigned (open tasks would be chased weekly for years).
    const step = async (at: string) => {
      await h.advanceTo(at);
      await completeOpen();
      return (await mails()).filter((m) => m.subject.includes('Assigned to you')).map((m) => m.at);
    };
    expect(await step('2030-12-29T08:01:00Z')).toEqual(['2030-12-29T08:00:00.000Z']);
    await h.advanceTo('2031-02-01T10:00:00Z');
    expect((await post('external-audits', { kind: 'surveillance-1', date: '2031-01-30', outcome: 'passed', findings: [] })).status).toBe(200);
    expect(await step('2031-10-01T07:01:00Z')).toEqual(['2031-10-01T07:00:00.000Z']);
    expect(await step('2031-12-30T08:01:00Z')).toEqual(['2031-12-30T08:00:00.000Z']);
    await h.advanceTo('2032-01-20T10:00:00Z');
    expect((await post('external-audits', { kind: 'surveillance-2', date: '2032-01-19', outcome: 'passed', findings: [] })).status).toBe(200);
    expect(await step('2032-09-29T07:01:00Z')).toEqual(['2032-09-29T07:00:00.000Z']);
    expect(await step('2032-12-28T08:01:00Z')).toEqual(['2032-12-28T08:00:00.000Z']);
    expect(await step('2033-02-26T08:01:00Z')).toEqual(['2033-02-26T08:00:00.000Z']);
    await h.advanceTo('2033-03-28T21:59:00Z');
    expect((await get()).status).toBe('certified');
    await h.advanceTo('2033-03-28T22:01:00Z');
    expect(await get()).toMatchObject({
      status: 'expired',
      expiryDate: '2033-03-29',
      restoreUntil: '2033-09-29',
      nextDue: { item: 'restoration', date: '2033-09-29' },
    });
    expect((await post('external-audits', { kind: 'recertification', date: '2033-04-01', outcome: 'passed', findings: [] })).status).toBe(409);
  });

  it('restores within six months; the restored cycle runs from the old expiry', async () => {
    await h.advanceTo('2033-05-12T10:00:00Z');
    const restored = await post('restore', { date: '2033-05-10', reason: 'recertification audit passed late' });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({
      status: 'certified',
      cycle: 3,
      cycleStart: '2033-03-29',
      expiryDate: '2036-03-29',
      nextDue: { item: 'surveillance-1', date: '2034-03-29' },
    });
    const trail = await h.db.selectFrom('audit_trail').select('action').where('entity_type', '=', 'certification').where('entity_id', '=', aimsId).execute();
    expect(trail.map((t) => t.action)).toEqual(
      expect.arrayContaining([
        'created',
        'certification_body_recorded',
        'stage1_recorded',
        'stage2_recorded',
        'certified',
        'external_audit_recorded',
        'recertified',
        'expired',
        'restored',
      ]),
    );
  });

  it('keeps the history of each run bounded: it continued as new at every cycle boundary', async () => {
    const handle = h.env.client.workflow.getHandle(certificationWorkflowId(aimsId));
    const { raw } = await handle.describe();
    expect(raw.workflowExecutionInfo!.execution!.runId).not.toBe(firstRunId);
    expect(Number(raw.workflowExecutionInfo!.historyLength)).toBeLessThan(200);
    const history = await handle.fetchHistory();
    expect(history.events!.length).toBeLessThan(200);

    // With RECORD_HISTORIES set, the histories the replay test holds later workflow code to: the
    // runs of cycle 1 (tasks, a major finding, recertification) and cycle 2 (expiry, restoration).
    await recordHistory(h, certificationWorkflowId(aimsId), 'certification-cycle-1-email-outbox', { run: 1 });
    await recordHistory(h, certificationWorkflowId(aimsId), 'certification-cycle-2-email-outbox', { run: 2 });
  });
});
