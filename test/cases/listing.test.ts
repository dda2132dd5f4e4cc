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
    ann = await h.person('Ann', ['action_owner'], { department: 'Data Science' });
    bob = await h.person('Bob', ['action_owner'], { department: 'Legal' });
    const aimsId = (await h.newAims(pm, { holidayRegion: null })).id;
    await h.advanceTo('2027-09-06T06:00:00Z'); // Monday
    const raise = async (title: string, severity: 'major' | 'minor', source: 'incident' | 'complaint' | 'internal_audit', owner: typeof pm) => {
      refs[title] = (await h.raiseCase(aimsId, owner, { title, severity, source })).id; // throws unless 201
    };
    await raise('major incident (Ann)', 'major', 'incident', ann); // containment due in 5 working days
    // Set apart from the rest by its clause and its words, so the register's search and filters can find it alone.
    refs['bias check skipped'] = (
      await h.raiseCase(aimsId, await h.person('Cid', ['action_owner'], { department: 'Risk' }), {
        title: 'Bias check skipped',
        source: 'monitoring',
        description: 'The 50% sample was never reviewed',
        clauseRef: 'A.6.2.4',
      })
    ).id;
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
    expect(await titles({ severity: 'minor', status: 'containment' })).toEqual(['Bias check skipped', 'minor complaint (Ann)']);
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

  it('searches the title, description and reference, and filters by department, clause and raising date', async () => {
    expect(await titles({ q: 'BIAS' })).toEqual(['Bias check skipped']);
    expect(await titles({ q: '50% sample' })).toEqual(['Bias check skipped']);
    expect(await titles({ q: '5_%' })).toEqual([]); // wildcards are searched for as they are
    const bias = (await h.request('GET', '/cases/:id', { token: pm.token, params: { id: refs['bias check skipped']! } })).body;
    expect(await titles({ q: bias.reference })).toEqual(['Bias check skipped']);
    expect(await titles({ department: 'Legal' })).toEqual(['minor audit finding (Bob)']);
    expect(await titles({ department: 'Risk' })).toEqual(['Bias check skipped']);
    expect(await titles({ clauseRef: 'A.6.2.4' })).toEqual(['Bias check skipped']);
    expect(await titles({ raisedFrom: '2027-09-06', raisedTo: '2027-09-06' })).toHaveLength(4);
    expect(await titles({ raisedFrom: '2027-09-07' })).toEqual([]);
    expect((await h.call('GET', '/cases?clauseRef=Z.9', pm.token)).status).toBe(422);
    expect((await h.call('GET', '/cases?raisedFrom=2027-02-30', pm.token)).status).toBe(422);
  });

  it('sorts and pages the register, telling how many cases there are in all', async () => {
    const page = async (query: Record<string, string>) => (await h.request('GET', '/cases', { token: pm.token, query })).body;
    const bySeverity = await page({ sort: 'severity', order: 'asc', limit: '1' });
    expect(bySeverity.total).toBe(4);
    expect(bySeverity.items.map((c) => c.severity)).toEqual(['major']);
    const numbers = (await page({ sort: 'number', order: 'asc' })).items.map((c) => Number(c.reference.slice(3)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const second = await page({ sort: 'number', order: 'asc', limit: '2', offset: '2' });
    expect(second.items.map((c) => c.reference)).toEqual(numbers.slice(2, 4).map((n) => `NC-${n}`));
    expect(second.total).toBe(4);
  });

  it('refuses unknown filters and values with 422', async () => {
    expect((await h.call('GET', '/cases?severity=critical', pm.token)).status).toBe(422);
    expect((await h.call('GET', '/cases?colour=red', pm.token)).status).toBe(422);
  });
});
