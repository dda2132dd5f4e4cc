import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChanges } from '../../db/repositories/audit-trail.repository';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { newPersonWithToken } from '../support/fixtures';
import { timeSkippingEnv } from '../support/temporal';

describe('people through the API', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let api: Awaited<ReturnType<typeof startApi>>;
  let admin: Awaited<ReturnType<typeof newPersonWithToken>>;

  const post = (path: string, body: unknown, token = admin.token) =>
    fetch(api.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const countPeople = async () =>
    Number(
      (
        await postgres.db
          .selectFrom('people')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

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

  it('creates a person, records who did it, and issues a token that works once shown', async () => {
    const response = await post('/people', {
      name: 'Grace Hopper',
      email: 'grace@example.org',
      timeZone: 'America/New_York',
      department: 'Engineering',
      managerId: admin.person.id,
      roles: ['action_owner', 'auditor'],
    });
    expect(response.status).toBe(201);
    const grace = (await response.json()) as { id: string; timeZone: string; managerId: string };
    expect(grace).toMatchObject({ timeZone: 'America/New_York', managerId: admin.person.id });

    const trail = await listChanges(postgres.db, 'person', grace.id);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor_id: admin.person.id, action: 'created', before: null });
    expect(trail[0]!.after).toMatchObject({ email: 'grace@example.org' });

    const issued = await post(`/people/${grace.id}/tokens`, { label: 'laptop' });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };
    const me = await fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { email: string }).email).toBe('grace@example.org');
    const stored = await postgres.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(stored.map((t) => t.token_hash)).not.toContain(token);
  });

  it.each([
    ['an empty name', { name: ' ' }, 'body.name'],
    ['an email that is not one', { email: 'grace' }, 'body.email'],
    ['a zone that is not IANA', { timeZone: 'EST+5' }, 'body.timeZone'],
    ['no roles', { roles: [] }, 'body.roles'],
    ['an unknown role', { roles: ['ceo'] }, 'body.roles.0'],
    ['an unknown field', { shoeSize: 44 }, 'body'],
    ['a manager who does not exist', { managerId: '00000000-0000-4000-8000-000000000000' }, 'body.managerId'],
  ])('refuses %s with 422 naming the field, and changes nothing', async (_case, change, field) => {
    const before = await countPeople();
    const response = await post('/people', { name: 'Ada', email: 'ada@example.org', timeZone: 'Europe/London', roles: ['auditor'], ...change });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as { errors: { field: string; reason: string }[] };
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect(await countPeople()).toBe(before);
  });

  it('refuses a taken email with 409 and malformed JSON with 400', async () => {
    const before = await countPeople();
    const taken = await post('/people', { name: 'Admin again', email: admin.person.email.toUpperCase(), timeZone: 'UTC', roles: ['auditor'] });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { detail: string }).detail).toContain('exists already');
    const malformed = await post('/people', '{"name": ');
    expect(malformed.status).toBe(400);
    expect(await countPeople()).toBe(before);
  });

  it('answers unknown routes and unknown people with 404 problems', async () => {
    const unknownRoute = await fetch(`${api.url}/nope`);
    expect(unknownRoute.status).toBe(404);
    const unknownPerson = await fetch(`${api.url}/people/00000000-0000-4000-8000-000000000000`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(unknownPerson.status).toBe(404);
    const badId = await fetch(`${api.url}/people/42`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(badId.status).toBe(422);
  });
});
