import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChanges } from '../../db/repositories/audit-trail.repository';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { newPerson, newPersonWithToken } from '../support/fixtures';
import { timeSkippingEnv } from '../support/temporal';

// Editing people and importing them from CSV, refused with a 4xx naming the field or the line,
// and then nothing changed (every row of `people` and the audit trail compared).

describe('editing and importing people', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let api: Awaited<ReturnType<typeof startApi>>;
  let admin: Awaited<ReturnType<typeof newPersonWithToken>>;

  const call = async (method: string, path: string, body: unknown, token = admin.token) => {
    const response = await fetch(api.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as any };
  };
  const footprint = async () =>
    (
      await sql<{ digest: string }>`select md5(coalesce(string_agg(p::text, '|' order by p.id), '')) ||
        (select count(*) from audit_trail)::text as digest from people p`.execute(postgres.db)
    ).rows[0]!.digest;

  beforeAll(async () => {
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    api = await startApi(postgres.db, env.client);
    admin = await newPersonWithToken(postgres.db, ['admin']);
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await postgres?.drop();
  });

  it('changes name, email, zone, department, manager and roles, recording before and after', async () => {
    const boss = await newPerson(postgres.db, { name: 'Boss' });
    const grace = await newPerson(postgres.db, { name: 'Grace', email: 'grace@example.org' });
    const changed = await call('PATCH', `/people/${grace.id}`, {
      name: 'Grace H.',
      email: 'grace.h@example.org',
      timeZone: 'America/New_York',
      department: 'Research',
      managerId: boss.id,
      roles: ['auditor', 'action_owner'],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Grace H.',
      email: 'grace.h@example.org',
      timeZone: 'America/New_York',
      department: 'Research',
      managerId: boss.id,
      roles: ['auditor', 'action_owner'],
    });
    const trail = await listChanges(postgres.db, 'person', grace.id);
    expect(trail.at(-1)).toMatchObject({ actor_id: admin.person.id, action: 'changed' });
    expect(trail.at(-1)!.before).toMatchObject({ email: 'grace@example.org', manager_id: null });
    expect(trail.at(-1)!.after).toMatchObject({ email: 'grace.h@example.org', manager_id: boss.id });
    // Only what is named changes; null clears the manager.
    const cleared = await call('PATCH', `/people/${grace.id}`, { managerId: null });
    expect(cleared.body).toMatchObject({ managerId: null, name: 'Grace H.', department: 'Research' });
  });

  it('refuses bad edits with a 4xx naming the field, and changes nothing', async () => {
    const top = await newPerson(postgres.db, { name: 'Top', email: 'top@example.org' });
    const middle = await newPerson(postgres.db, { name: 'Middle', managerId: top.id });
    const bottom = await newPerson(postgres.db, { name: 'Bottom', managerId: middle.id });
    const gone = await newPerson(postgres.db, { name: 'Gone' });
    await postgres.db.updateTable('people').set({ active: false }).where('id', '=', gone.id).execute();
    const cases: [string, string, unknown, number, string, RegExp][] = [
      ['an unknown zone', top.id, { timeZone: 'Mars/Olympus' }, 422, 'body.timeZone', /IANA time zone/],
      ['a manager cycle', top.id, { managerId: bottom.id }, 422, 'body.managerId', /manager cycle/],
      ['oneself as manager', top.id, { managerId: top.id }, 422, 'body.managerId', /own manager/],
      ['an unknown manager', top.id, { managerId: '00000000-0000-4000-8000-000000000000' }, 422, 'body.managerId', /no such active person/],
      ['an inactive manager', top.id, { managerId: gone.id }, 422, 'body.managerId', /no such active person/],
      ['a duplicate email', bottom.id, { email: 'TOP@example.org' }, 409, 'body.email', /already taken/],
      ['the last admin demoting themselves', admin.person.id, { roles: ['auditor'] }, 409, 'body.roles', /last active administrator/],
      ['no roles', top.id, { roles: [] }, 422, 'body.roles', /at least one role/],
      ['nothing to change', top.id, {}, 422, 'body', /at least one field/],
    ];
    for (const [what, id, body, status, field, reason] of cases) {
      const before = await footprint();
      const answer = await call('PATCH', `/people/${id}`, body);
      expect(answer.status, what).toBe(status);
      expect(answer.type, what).toMatch(/^application\/problem\+json/);
      expect(answer.body.errors, what).toEqual(expect.arrayContaining([{ field, reason: expect.stringMatching(reason) }]));
      expect(await footprint(), what).toBe(before);
    }
    // With a second admin, the first may step down.
    const second = await newPersonWithToken(postgres.db, ['admin']);
    expect((await call('PATCH', `/people/${second.person.id}`, { roles: ['auditor'] })).status).toBe(200);
  });

  const GOOD = [
    'name,email,zone,department,manager email,roles',
    'Lin Chen,lin@example.org,Asia/Shanghai,Research,top@example.org,auditor',
    'Sam Roe,sam@example.org,Europe/Paris,Research,lin@example.org,action_owner;auditor',
    '"Roe, Jo",jo@example.org,UTC,,,action_owner',
  ].join('\n');

  it('imports people from CSV in one go after a dry run, managers from the record or the file', async () => {
    const dry = await call('POST', '/people/import', { csv: GOOD, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, imported: false, problems: [] });
    expect(dry.body.people.map((p: { line: number }) => p.line)).toEqual([2, 3, 4]);
    expect(await postgres.db.selectFrom('people').select('id').where('email', '=', 'lin@example.org').execute()).toEqual([]);

    const done = await call('POST', '/people/import', { csv: GOOD, dryRun: false });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ dryRun: false, imported: true });
    const rows = await postgres.db.selectFrom('people').selectAll().where('email', 'in', ['lin@example.org', 'sam@example.org', 'jo@example.org']).execute();
    const by = Object.fromEntries(rows.map((r) => [r.email, r]));
    const top = await postgres.db.selectFrom('people').select('id').where('email', '=', 'top@example.org').executeTakeFirstOrThrow();
    expect(by['lin@example.org']).toMatchObject({ name: 'Lin Chen', time_zone: 'Asia/Shanghai', manager_id: top.id, roles: ['auditor'] });
    expect(by['sam@example.org']).toMatchObject({ manager_id: by['lin@example.org']!.id, roles: ['action_owner', 'auditor'] });
    expect(by['jo@example.org']).toMatchObject({ name: 'Roe, Jo', department: null, manager_id: null });
    expect((await listChanges(postgres.db, 'person', by['sam@example.org']!.id)).map((c) => c.action)).toEqual(['imported']);
  });

  it('lists every problem of a bad CSV by line in a dry run, and refuses the import whole', async () => {
    const csv = [
      'name,email,zone,department,manager email,roles',
      'Ok Person,ok@example.org,UTC,,,action_owner', // 2: fine, but not imported either
      'Bad Zone,zone@example.org,Mars/Olympus,,,auditor', // 3
      'Taken,LIN@example.org,UTC,,,auditor', // 4: in the record already
      'Twice,twice@example.org,UTC,,,auditor', // 5
      'Twice Again,twice@example.org,UTC,,,auditor', // 6: twice in the file
      'No Manager,nom@example.org,UTC,,nobody@example.org,auditor', // 7
      'Cycle A,a@example.org,UTC,,b@example.org,auditor', // 8
      'Cycle B,b@example.org,UTC,,a@example.org,auditor', // 9
      'No Role,norole@example.org,UTC,,,ceo', // 10
      'Short,short@example.org', // 11
    ].join('\n');
    const before = await footprint();
    const dry = await call('POST', '/people/import', { csv });
    expect(dry.status).toBe(200);
    expect(dry.body.problems.map((p: { line: number; field: string }) => `${p.line} ${p.field}`)).toEqual([
      '3 timeZone',
      '4 email',
      '6 email',
      '7 managerEmail',
      '8 managerEmail',
      '9 managerEmail',
      '10 roles',
      '11 csv',
    ]);
    const refused = await call('POST', '/people/import', { csv, dryRun: false });
    expect(refused.status).toBe(422);
    expect(refused.type).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toContain('nothing was imported');
    expect(refused.body.errors).toContainEqual({ field: 'body.csv.line3.timeZone', reason: expect.stringContaining('IANA') });
    expect(refused.body.errors).toContainEqual({ field: 'body.csv.line9.managerEmail', reason: expect.stringContaining('cycle') });
    expect(await footprint()).toBe(before);
  });

  it('names a missing column and a broken quote', async () => {
    const missing = await call('POST', '/people/import', { csv: 'name,email\nA,a@example.org' });
    expect(missing.body.problems).toEqual([
      { line: 1, field: 'timeZone', reason: 'missing column' },
      { line: 1, field: 'roles', reason: 'missing column' },
    ]);
    const broken = await call('POST', '/people/import', { csv: 'name,email,zone,roles\n"A,a@example.org,UTC,auditor' });
    expect(broken.status).toBe(200);
    expect(broken.body.problems).toHaveLength(1);
    expect(broken.body.problems[0]).toMatchObject({ field: 'csv', reason: expect.stringContaining('Quote') });
  });
});
