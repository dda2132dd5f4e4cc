import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

describe('listing cases', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let ann: typeof pm;
  let bob: typeof pm;
  const refs: Record<string, string> = {};

  const titles = async (query: Record<string, string>, token = pm.token) => {
    const response = await h.request('GET', '/cases', { token, query });
    expect(response.status).toBe(200);
    return response.body.items.map((c) => c.title).sort();
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Pam', ['programme_manager']);
    ann = await h.person('Ann', ['action_owner']);
    bob = await h.person('Bob', ['action_owner']);
    const aimsId = (await h.newAims(pm, { holidayRegion: null })).id;
    await h.advanceTo('2027-09-06T06:00:00Z'); // Monday
    const raise = async (title: string, severity: 'major' | 'minor', source: 'incident' | 'complaint' | 'internal_audit', owner: typeof pm) => {
      refs[title] = (await h.raiseCase(aimsId, owner, { title, severity, source })).id; // throws unless 201
    };
    await raise('major incident (Ann)', 'major', 'incident', ann); // containment due in 5 working days
    await raise('minor complaint (Ann)', 'minor', 'complaint', ann); // due in 10
    await raise('minor audit finding (Bob)', 'minor', 'internal_audit', bob);
    await h.request('POST', '/cases/:id/cancellation', {
      params: { id: refs['minor audit finding (Bob)']! },
      token: pm.token,
      body: { reason: 'Duplicate of another finding' },
    });
    // Tuesday of the next week: the major's containment (due Monday 13th) is overdue.
    await h.advanceTo('2027-09-14T10:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('filters by severity, source, status and owner', async () => {
    expect(await titles({ severity: 'major' })).toEqual(['major incident (Ann)']);
    expect(await titles({ source: 'complaint' })).toEqual(['minor complaint (Ann)']);
    expect(await titles({ status: 'cancelled' })).toEqual(['minor audit finding (Bob)']);
    expect(await titles({ ownerId: bob.id })).toEqual(['minor audit finding (Bob)']);
    expect(await titles({ severity: 'minor', status: 'containment' })).toEqual(['minor complaint (Ann)']);
  });

  it('shows what is overdue in the AIMS zone, and what is mine', async () => {
    expect(await titles({ overdue: 'true' })).toEqual(['major incident (Ann)']);
    expect(await titles({ mine: 'true' }, ann.token)).toEqual(['major incident (Ann)', 'minor complaint (Ann)']);
    expect(await titles({ mine: 'true' }, bob.token)).toEqual(['minor audit finding (Bob)']);
    const [major] = (await h.request('GET', '/cases', { token: pm.token, query: { severity: 'major' } })).body.items;
    expect(major).toMatchObject({ overdue: true, nextDueDate: '2027-09-13', reference: expect.stringMatching(/^NC-\d+$/) });
  });

  it('lists an owner their open tasks, soonest first', async () => {
    const inbox = await h.request('GET', '/tasks', { token: ann.token });
    expect(inbox.body.items.map((t) => [t.dueDate, t.overdue])).toEqual([
      ['2027-09-13', true],
      ['2027-09-20', false],
    ]);
    expect((await h.call('GET', `/tasks?ownerId=${ann.id}`, bob.token)).status).toBe(403);
  });

  it('refuses unknown filters and values with 422', async () => {
    expect((await h.call('GET', '/cases?severity=critical', pm.token)).status).toBe(422);
    expect((await h.call('GET', '/cases?colour=red', pm.token)).status).toBe(422);
  });
});
