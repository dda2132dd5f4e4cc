import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiContext } from '../../api/api-context';
import { allRoutes } from '../../api/routes';
import { webRouter } from '../../web/router';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { newPersonWithToken } from '../support/fixtures';
import { timeSkippingEnv } from '../support/temporal';
import { webSession, type WebSession } from '../support/web-session';

// Requests no client should send but any can: a path that is not valid percent-encoding, an
// Origin header that is not a URL, bodies over the limit. Each is the client's fault and answers
// 4xx (problem+json from the API, a page under /ui), never a 500.

const BAD = '%E0%A4%A';
const withParams = allRoutes.filter((r) => r.path.includes(':'));
const label = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;
/** The form posts of the pages, read from the router that mounts them. */
const formPosts = (webRouter({} as ApiContext).stack as { route?: { path: string; methods: Record<string, boolean> } }[])
  .filter((l) => l.route?.methods.post)
  .map((l) => l.route!.path.replace(':command', 'pause').replace(/:\w+/g, '00000000-0000-4000-8000-000000000000'));

describe('malformed requests answer 4xx, never 500', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let api: Awaited<ReturnType<typeof startApi>>;
  let token: string;
  let signedIn: WebSession;
  const session = () => ({ cookie: signedIn.cookie });

  beforeAll(async () => {
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    api = await startApi(postgres.db, env.client);
    token = (await newPersonWithToken(postgres.db, ['admin', 'programme_manager'])).token;
    signedIn = await webSession(api.url, token);
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await postgres?.drop();
  });

  it.each(withParams.filter((r) => !r.path.startsWith('/feeds/')).map((r) => [label(r), r] as const))(
    '%s with a badly encoded path answers 400 naming the path',
    async (_l, route) => {
      const response = await fetch(api.url + route.path.replace(/:\w+/g, BAD), {
        method: route.method.toUpperCase(),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: ['post', 'put', 'patch'].includes(route.method) ? '{}' : undefined,
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { errors: unknown }).errors).toEqual([{ field: 'path', reason: 'malformed percent-encoding' }]);
    },
  );

  it('keeps the uniform 404 of calendar feeds for a badly encoded feed URL, without echoing it', async () => {
    for (const path of [`/feeds/${BAD}/person.ics`, `/feeds/${BAD}/aims/${randomUUID()}.ics`, `/feeds/${'A'.repeat(43)}/aims/${BAD}.ics`]) {
      const response = await fetch(api.url + path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await response.json()) as { detail: string }).detail).toBe('no such calendar feed');
    }
  });

  it('answers 413 problem+json to a JSON body over the 1 MB limit', async () => {
    const response = await fetch(`${api.url}/aims`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(1_100_000) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('has form posts to check', () => {
    expect(formPosts).toEqual(expect.arrayContaining(['/sign-in', '/sign-out', '/feeds', '/calendar/programme/pause']));
    expect(formPosts.length).toBeGreaterThanOrEqual(8);
  });

  it.each(formPosts)('POST /ui%s refuses an Origin that is not a URL with a 403 page', async (path) => {
    const response = await fetch(`${api.url}/ui${path}`, {
      method: 'POST',
      headers: { ...session(), origin: 'not a url', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=x',
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('a form from another site cannot act here');
  });

  it.each(formPosts)('POST /ui%s answers 413 with a page to a form over the 1 MB limit', async (path) => {
    const response = await fetch(`${api.url}/ui${path}`, {
      method: 'POST',
      headers: { ...session(), 'content-type': 'application/x-www-form-urlencoded' },
      body: `reason=${'x'.repeat(1_100_000)}`,
      redirect: 'manual',
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers a badly encoded page path with a 400 page, and a badly encoded session cookie with the sign-in page', async () => {
    const page = await fetch(`${api.url}/ui/cases/${BAD}`, { headers: session(), redirect: 'manual' });
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const cookie = await fetch(`${api.url}/ui/inbox`, { headers: { cookie: `aims_session=${BAD}` }, redirect: 'manual' });
    expect([cookie.status, cookie.headers.get('location')]).toEqual([303, '/ui/sign-in?next=%2Fui%2Finbox']);
  });
});
