import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

describe('the overdue view', () => {
  let h: EngineHarness;
  let pam: Awaited<ReturnType<EngineHarness['person']>>;
  let max: typeof pam;
  let ann: typeof pam;
  let bob: typeof pam;
  let aimsId: string;
  const cases: Record<string, string> = {};

  const overdue = async (query = '', token = pam.token) => {
    const response = await h.call('GET', `/overdue${query}`, token);
    expect(response.status).toBe(200);
    return response.body;
  };
  const ownersIn = (view: { groups: { items: { ownerName: string }[] }[] }) => view.groups.flatMap((g) => g.items.map((i) => i.ownerName)).sort();

  beforeAll(async () => {
    h = await EngineHarness.start();
    pam = await h.person('Pam', ['programme_manager']);
    max = await h.person('Max', ['management']);
    ann = await h.person('Ann', ['action_owner'], { department: 'Data Science' });
    bob = await h.person('Bob', ['action_owner'], { department: 'Legal' });
    aimsId = (await h.call('POST', '/aims', pam.token, { name: 'AIMS Berlin', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pam.id }))
      .body.id;
    await h.advanceTo('2027-09-06T06:00:00Z'); // Monday
    for (const [title, severity, ownerId] of [
      ['model drift unmonitored', 'major', ann.id], // containment due Monday 13 September (5 working days)
      ['privacy notice outdated', 'minor', bob.id], // due Monday 20 September (10 working days)
    ] as const) {
      const raised = await h.call('POST', '/cases', pam.token, { aimsId, title, severity, source: 'incident', ownerId });
      expect(raised.status).toBe(201);
      cases[title] = raised.body.id;
    }
    await h.advanceTo('2027-09-22T10:00:00Z'); // Wednesday: Ann's step 9 days late, Bob's 2
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('lists every overdue task with its owner, department, severity and age, grouped by owner', async () => {
    const view = await overdue();
    expect(view.total).toBe(2);
    expect(view.counts).toMatchObject({ kind: { nc_case: 2, audit: 0 }, severity: { major: 1, minor: 1 }, age: { '1-7': 1, '8-30': 1, '31-90': 0, '90+': 0 } });
    expect(view.groups.map((g: { label: string; count: number }) => [g.label, g.count]).sort()).toEqual([
      ['Ann', 1],
      ['Bob', 1],
    ]);
    const annTask = view.groups.find((g: { label: string }) => g.label === 'Ann').items[0];
    expect(annTask).toMatchObject({
      kind: 'nc_case',
      itemRef: expect.stringMatching(/^NC-\d+$/),
      itemPath: `/cases/${cases['model drift unmonitored']}`,
      step: 'containment',
      department: 'Data Science',
      severity: 'major',
      dueDate: '2027-09-13',
      today: '2027-09-22',
      daysOverdue: 9,
      ageBucket: '8-30',
    });
  });

  it('filters by severity, department, owner, kind and age bucket', async () => {
    expect(ownersIn(await overdue('?severity=major'))).toEqual(['Ann']);
    expect(ownersIn(await overdue('?department=Legal'))).toEqual(['Bob']);
    expect(ownersIn(await overdue(`?ownerId=${bob.id}`))).toEqual(['Bob']);
    expect(ownersIn(await overdue('?age=1-7'))).toEqual(['Bob']);
    expect(ownersIn(await overdue('?age=8-30'))).toEqual(['Ann']);
    expect((await overdue('?kind=audit')).total).toBe(0);
    expect(ownersIn(await overdue(`?aimsId=${aimsId}&kind=nc_case`))).toEqual(['Ann', 'Bob']);
  });

  it('groups by age bucket (oldest first), department and severity', async () => {
    expect((await overdue('?groupBy=age')).groups.map((g: { key: string }) => g.key)).toEqual(['8-30', '1-7']);
    expect((await overdue('?groupBy=department')).groups.map((g: { label: string }) => g.label).sort()).toEqual(['Data Science', 'Legal']);
    expect((await overdue('?groupBy=severity')).groups.map((g: { label: string }) => g.label).sort()).toEqual(['Major nonconformity', 'Minor nonconformity']);
    // A group split over pages keeps its exact count on each, the longest overdue first.
    const first = await overdue('?groupBy=kind&limit=1');
    const [byKind] = first.groups;
    expect([byKind.key, byKind.count, byKind.items.map((i: { ownerName: string }) => i.ownerName)]).toEqual(['nc_case', 2, ['Ann']]);
    const second = await overdue(`?groupBy=kind&limit=1&cursor=${first.page.nextCursor}`);
    expect(second.groups.map((g: { key: string; count: number; items: { ownerName: string }[] }) => [g.key, g.count, g.items.map((i) => i.ownerName)])).toEqual(
      [['nc_case', 2, ['Bob']]],
    );
    expect(second.page.nextCursor).toBeNull();
  });

  it('counts overdue items week by week, rebuilt from the record, and follows completions', async () => {
    const before = await h.call('GET', `/overdue/trend?aimsId=${aimsId}&weeks=3`, max.token);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({
      zone: 'Europe/Berlin',
      points: [
        { date: '2027-09-08', overdue: 0 },
        { date: '2027-09-15', overdue: 1 },
        { date: '2027-09-22', overdue: 2 },
      ],
    });
    const done = await h.call('POST', `/cases/${cases['model drift unmonitored']}/containment`, ann.token, { correction: 'Drift alerts switched on' });
    expect(done.status).toBe(200);
    const after = await h.call('GET', `/overdue/trend?aimsId=${aimsId}&weeks=3`, max.token);
    // Last week's figure keeps Ann's late step; today's no longer counts it.
    expect(after.body.points.map((p: { overdue: number }) => p.overdue)).toEqual([0, 1, 1]);
    expect((await overdue()).total).toBe(1);
  });

  it('is for programme managers and management only', async () => {
    expect((await h.call('GET', '/overdue', max.token)).status).toBe(200);
    for (const path of ['/overdue', '/overdue/trend']) {
      const refused = await h.call('GET', path, ann.token);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/programme_manager, management/);
    }
  });

  it('refuses an unknown AIMS, grouping or bucket with 422 naming the field', async () => {
    const unknownAims = await h.call('GET', '/overdue?aimsId=00000000-0000-4000-8000-000000000000', pam.token);
    expect(unknownAims.status).toBe(422);
    expect(unknownAims.body.detail).toMatch(/query\.aimsId/);
    const badGroup = await h.call('GET', '/overdue?groupBy=colour', pam.token);
    expect(badGroup.status).toBe(422);
    expect(badGroup.body.detail).toMatch(/query\.groupBy/);
    expect((await h.call('GET', '/overdue/trend?weeks=1', pam.token)).status).toBe(422);
    expect((await h.call('GET', '/overdue?age=5-10', pam.token)).status).toBe(422);
  });
});
