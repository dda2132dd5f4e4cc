import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

// A decision on 29 February 2028 (expiry 28 February 2031), in London; refused inputs change
// nothing; with no recertification the certificate expires, then lapses after six months.

describe('certification: bad inputs, a 29 February decision, a lapse', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let aimsId: string;
  const get = async () => (await h.call('GET', `/aims/${aimsId}/certification`, pm.token)).body;
  const post = (path: string, body: unknown = {}) => h.call('POST', `/aims/${aimsId}/certification/${path}`, pm.token, body);
  const trailCount = async () =>
    (
      await h.db
        .selectFrom('audit_trail')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Pat', ['programme_manager'], { timeZone: 'Europe/London' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'Europe/London', programmeManagerId: pm.id })).body.id;
    await h.advanceTo('2028-02-01T10:00:00Z');
    expect((await h.call('POST', `/aims/${aimsId}/certification`, pm.token, { certificationBody: 'BSI Example' })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses bad inputs with a clear 4xx and changes nothing', async () => {
    expect((await h.call('POST', `/aims/${randomUUID()}/certification`, pm.token, {})).status).toBe(404);
    expect((await h.call('GET', `/aims/${randomUUID()}/certification`, pm.token)).status).toBe(404);
    expect((await post('stage1', { date: '2028-02-30', outcome: 'passed' })).status).toBe(422);
    const before = { cert: await get(), trail: await trailCount() };
    const far = await post('stage1', { date: '2020-01-10', outcome: 'passed' });
    expect(far.status).toBe(422);
    expect(far.body.detail).toContain('more than 5 years from today');
    expect((await post('stage1', { date: '2034-01-10', outcome: 'passed' })).status).toBe(422);
    const noStage1 = await post('stage2', { date: '2028-02-10', outcome: 'passed' });
    expect(noStage1.status).toBe(409);
    expect(noStage1.body.detail).toBe('stage 1 is not recorded yet');
    expect((await post('decision', { date: '2028-02-29' })).status).toBe(409);
    expect((await post('restore', { date: '2028-01-29', reason: 'x' })).status).toBe(409);
    expect({ cert: await get(), trail: await trailCount() }).toEqual(before);

    expect((await post('stage1', { date: '2028-01-20', outcome: 'passed' })).status).toBe(200);
    const early = await post('stage2', { date: '2028-01-10', outcome: 'passed' });
    expect(early.status).toBe(422);
    expect(early.body.detail).toBe('stage 2 (2028-01-10) cannot be before stage 1 (2028-01-20)');
    expect((await post('stage2', { date: '2028-01-28', outcome: 'passed' })).status).toBe(200);
    const beforeDecision = { cert: await get(), trail: await trailCount() };
    const decisionEarly = await post('decision', { date: '2028-01-27' });
    expect(decisionEarly.status).toBe(422);
    expect(decisionEarly.body.detail).toBe('the decision (2028-01-27) cannot be before stage 2 (2028-01-28)');
    expect({ cert: await get(), trail: await trailCount() }).toEqual(beforeDecision);
  });

  it('a decision on 29 February expires on 28 February three years on', async () => {
    await h.advanceTo('2028-02-29T12:00:00Z');
    const decided = await post('decision', { date: '2028-02-29' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'certified',
      expiryDate: '2031-02-28',
      restoreUntil: '2031-08-28',
      plannedAudits: [
        { kind: 'surveillance-1', dueDate: '2029-02-28' },
        { kind: 'surveillance-2', dueDate: '2030-02-28' },
        { kind: 'recertification', dueDate: '2031-02-27' },
      ],
    });
    const unknownOwner = await post('external-audits', {
      kind: 'surveillance-1',
      date: '2028-06-01',
      outcome: 'passed',
      findings: [{ item: '6.1', severity: 'minor', ownerId: randomUUID(), description: 'x' }],
    });
    expect(unknownOwner.status).toBe(422);
    const outOfOrder = await post('external-audits', { kind: 'surveillance-2', date: '2028-06-01', outcome: 'passed', findings: [] });
    expect(outOfOrder.status).toBe(409);
    expect(outOfOrder.body.detail).toBe('the surveillance-1 audit of this cycle is not recorded yet');
  });

  it('expires without recertification, then lapses after six months; a new initial certification is needed', async () => {
    await h.advanceTo('2028-08-01T10:00:00Z');
    expect((await post('external-audits', { kind: 'surveillance-1', date: '2028-07-30', outcome: 'passed', findings: [] })).status).toBe(200);
    await h.advanceTo('2029-08-01T10:00:00Z');
    expect((await post('external-audits', { kind: 'surveillance-2', date: '2029-07-30', outcome: 'passed', findings: [] })).status).toBe(200);
    await h.advanceTo('2030-11-30T10:00:00Z');
    for (const t of (await get()).openTasks) await post(`tasks/${t.id}/complete`);
    await h.advanceTo('2031-01-29T10:00:00Z');
    for (const t of (await get()).openTasks) await post(`tasks/${t.id}/complete`);
    await h.advanceTo('2031-02-27T23:59:00Z');
    expect((await get()).status).toBe('certified');
    await h.advanceTo('2031-02-28T00:01:00Z');
    expect((await get()).status).toBe('expired');
    await h.advanceTo('2031-08-28T22:59:00Z');
    expect((await get()).status).toBe('expired');
    await h.advanceTo('2031-08-28T23:01:00Z');
    expect(await get()).toMatchObject({ status: 'lapsed', stage1: null, stage2: null, nextDue: null });
    const restore = await post('restore', { date: '2031-08-20', reason: 'too late' });
    expect(restore.status).toBe(409);
    expect((await post('stage1', { date: '2031-08-25', outcome: 'passed' })).status).toBe(200);
  });
});
