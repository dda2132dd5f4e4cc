import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmeWorkflowId } from '../../domain/audit';
import { programmeStateQuery } from '../../workflows/audits/audit.definitions';
import { EngineHarness } from '../support/engine-harness';

// A monthly programme with plain weeks (no holiday region), first fieldwork Monday 1 March 2027.
// Each command is checked against the whole list of coming occurrences: it changes what it says
// and nothing else.

type Occurrence = { index: number; fieldworkStart: string; status: string; reason: string | null; predictedScope?: string[] };
const dates = (list: Occurrence[]) => list.map(({ predictedScope: _scope, ...o }) => o);

describe('changing the audit programme', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let auditor: typeof pm;
  let aimsId: string;

  const programme = async () =>
    (await h.call('GET', `/aims/${aimsId}/programme`, pm.token)).body as { paused: boolean; cadence: string; nextIndex: number; upcoming: Occurrence[] };
  const post = (path: string, body: unknown, token = pm.token) => h.call('POST', `/aims/${aimsId}/programme/${path}`, token, body);
  const audits = async () => (await h.call('GET', `/audits?aimsId=${aimsId}`, pm.token)).body.items as { fieldworkStart: string }[];

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Pat', ['programme_manager'], { timeZone: 'UTC' });
    auditor = await h.person('Aud', ['auditor'], { timeZone: 'UTC' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    await h.advanceTo('2027-01-04T08:00:00Z');
    expect((await h.call('POST', `/aims/${aimsId}/programme`, pm.token, { cadence: 'monthly', anchorDate: '2027-03-01' })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('skips one occurrence and moves another, leaving the rest as they were', async () => {
    const planned = (await programme()).upcoming;
    const before = dates(planned);
    expect(before.map((o) => o.fieldworkStart)).toEqual(['2027-03-01', '2027-04-01', '2027-05-03', '2027-06-01']);
    expect(planned[0]!.predictedScope).toEqual(expect.arrayContaining(['9.2', '9.3', '10.2']));
    const skipped = await post('occurrences/1/skip', { reason: 'Reorganisation in April' });
    expect(skipped.status).toBe(200);
    expect(dates(skipped.body.upcoming)).toEqual([before[0], { ...before[1], status: 'skipped', reason: 'Reorganisation in April' }, before[2], before[3]]);
    // What April would have covered is caught up by the occurrences after it.
    expect(skipped.body.upcoming[1].predictedScope).toEqual([]);
    expect(planned[1]!.predictedScope!.length).toBeGreaterThan(0);
    expect(skipped.body.upcoming[2].predictedScope).toEqual(expect.arrayContaining(planned[1]!.predictedScope!));
    const moved = await post('occurrences/2/move', { fieldworkStart: '2027-05-10', reason: 'Auditor on leave' });
    expect(moved.status).toBe(200);
    expect(dates(moved.body.upcoming)).toEqual([
      before[0],
      dates(skipped.body.upcoming)[1],
      { index: 2, fieldworkStart: '2027-05-10', status: 'moved', reason: 'Auditor on leave' },
      before[3],
    ]);
    const state = await h.env.client.workflow.getHandle(programmeWorkflowId(aimsId)).query(programmeStateQuery);
    expect(Object.keys(state.overrides).sort()).toEqual(['1', '2']);
  });

  it('opens no audit while paused, and catches up at once on resume', async () => {
    expect((await post('pause', { reason: 'Merger' })).body.paused).toBe(true);
    expect((await post('pause', { reason: 'again' })).status).toBe(409);
    // Occurrence 0 opens 20 working days before 1 March: 1 February. Paused, it does not.
    await h.advanceTo('2027-02-10T12:00:00Z');
    expect(await audits()).toEqual([]);
    const resumed = await post('resume', { reason: 'Merger done' });
    expect(resumed.body.paused).toBe(false);
    await h.settle();
    expect((await audits()).map((a) => a.fieldworkStart)).toEqual(['2027-03-01']);
    // Occurrence 1 is skipped: it is passed at once, and occurrence 2 (moved) is next.
    expect((await programme()).nextIndex).toBe(2);
  });

  it('passes a skipped occurrence without an audit and opens the moved one on its new date', async () => {
    await h.advanceTo('2027-04-13T00:00:00Z'); // 20 working days before 10 May is 12 April
    expect((await audits()).map((a) => a.fieldworkStart)).toEqual(['2027-03-01', '2027-05-10']);
    expect((await programme()).nextIndex).toBe(3);
  });

  it('refuses changes to occurrences already started, dates in the past, and callers who are not programme managers', async () => {
    const before = await programme();
    const started = await post('occurrences/0/skip', { reason: 'too late' });
    expect(started.status).toBe(409);
    expect(started.body.detail).toContain('has started already');
    const past = await post('occurrences/5/move', { fieldworkStart: '2027-01-01', reason: 'r' });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].field).toBe('body.fieldworkStart');
    expect((await post('occurrences/5/skip', { reason: 'r' }, auditor.token)).status).toBe(403);
    expect((await post('cadence', { cadence: 'weekly', anchorDate: '2027-09-01', reason: 'r' })).status).toBe(422);
    expect(await programme()).toEqual(before);
  });

  it('changes the cadence to a new series from its anchor', async () => {
    const changed = await post('cadence', { cadence: 'semi-annual', anchorDate: '2027-09-01', reason: 'Fewer, deeper audits' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ cadence: 'semi-annual', nextIndex: 0, paused: false });
    expect(dates(changed.body.upcoming).map((o) => `${o.fieldworkStart} ${o.status}`)).toEqual([
      '2027-09-01 planned',
      '2028-03-01 planned',
      '2028-09-01 planned',
      '2029-03-01 planned',
    ]);
  });

  it('keeps a Statement of Applicability that names every exclusion with its reason', async () => {
    const unknown = await h.call('PUT', `/aims/${aimsId}/soa`, pm.token, { entries: [{ controlId: 'A.99.1', applicable: false, justification: 'x' }] });
    expect(unknown.status).toBe(422);
    const unjustified = await h.call('PUT', `/aims/${aimsId}/soa`, pm.token, { entries: [{ controlId: 'A.10.4', applicable: false }] });
    expect(unjustified.status).toBe(422);
    expect(unjustified.body.errors[0].field).toBe('body.entries.0.justification');
    const soa = (await h.call('GET', `/aims/${aimsId}/soa`, pm.token)).body.items;
    expect(soa).toHaveLength(38);
    expect(soa.every((e: { applicable: boolean }) => e.applicable)).toBe(true);
  });
});
