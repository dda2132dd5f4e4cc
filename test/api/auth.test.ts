import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../api/routes';
import { revokeToken } from '../../db/repositories/api-tokens.repository';
import { ROLES, type Role } from '../../domain/roles';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { newPersonWithToken } from '../support/fixtures';
import { timeSkippingEnv } from '../support/temporal';

const guarded = allRoutes.filter((r) => r.access !== 'public');
const roleGuarded = guarded.filter((r) => r.access !== 'operator');
const operatorRoutes = guarded.filter((r) => r.access === 'operator');
const publicRoutes = allRoutes.filter((r) => r.access === 'public');
const label = (r: (typeof allRoutes)[number]) => `${r.method.toUpperCase()} ${r.path}`;
const concretePath = (path: string) => path.replace(/:\w+/g, randomUUID());

describe('authentication and roles on every route', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let api: Awaited<ReturnType<typeof startApi>>;
  let revoked: string;
  const tokensByRoles = new Map<string, string>();

  async function tokenFor(roles: Role[]): Promise<string> {
    const key = roles.join(',');
    if (!tokensByRoles.has(key)) tokensByRoles.set(key, (await newPersonWithToken(postgres.db, roles)).token);
    return tokensByRoles.get(key)!;
  }

  async function call(route: (typeof allRoutes)[number], token?: string): Promise<Response> {
    return fetch(api.url + concretePath(route.path), {
      method: route.method.toUpperCase(),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: ['post', 'put', 'patch'].includes(route.method) ? '{}' : undefined,
    });
  }

  beforeAll(async () => {
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    api = await startApi(postgres.db, env.client);
    const holder = await newPersonWithToken(postgres.db, ['admin']);
    await revokeToken(postgres.db, holder.tokenId, new Date());
    revoked = holder.token;
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await postgres?.drop();
  });

  it('has guarded routes to check', () => {
    expect(guarded.length).toBeGreaterThanOrEqual(6);
    expect(publicRoutes.map(label).sort()).toEqual([
      'GET /feeds/:token/aims/:aimsId.ics',
      'GET /feeds/:token/person.ics',
      'GET /healthz',
      'GET /openapi.json',
      'GET /readyz',
    ]);
  });

  // Calendar apps send no headers: the feed token in the path is the credential, and any other
  // credential, a valid API token included, gets the same 404 as a wrong URL (never a 401).
  it.each(publicRoutes.filter((r) => r.path.startsWith('/feeds/')).map((r) => [label(r), r] as const))(
    '%s answers 404 without a feed token',
    async (_l, route) => {
      for (const token of [undefined, await tokenFor(['admin'])]) {
        const response = await call(route, token);
        expect(response.status, `token ${token}`).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.headers.get('www-authenticate')).toBeNull();
      }
    },
  );

  it.each(guarded.map((r) => [label(r), r] as const))('%s refuses a missing, malformed, unknown or revoked token with 401', async (_l, route) => {
    for (const token of [undefined, 'not-a-token', `aims_${randomUUID()}`, revoked]) {
      const response = await call(route, token);
      expect(response.status, `token ${token}`).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it.each(operatorRoutes.map((r) => [label(r), r] as const))('%s refuses anyone but the operator with 403, whatever their roles', async (_l, route) => {
    const response = await call(route, await tokenFor([...ROLES]));
    expect(response.status).toBe(403);
    expect(((await response.json()) as { detail: string }).detail).toContain('operator');
    const operator = await newPersonWithToken(postgres.db, []);
    await postgres.db.updateTable('people').set({ operator: true }).where('id', '=', operator.person.id).execute();
    expect([401, 403]).not.toContain((await call(route, operator.token)).status);
  });

  it.each(roleGuarded.map((r) => [label(r), r] as const))('%s refuses a person without one of its roles with 403', async (_l, route) => {
    const allowed = route.access as readonly Role[];
    const otherRoles = ROLES.filter((role) => !allowed.includes(role));
    const response = await call(route, await tokenFor(otherRoles));
    expect(response.status).toBe(403);
    const problem = (await response.json()) as { detail: string; status: number };
    expect(problem.status).toBe(403);
    expect(problem.detail).toContain(allowed[0]);

    // The same call with an allowed role gets past the guard (to a 2xx, 404 or 422 about the input).
    const admitted = await call(route, await tokenFor([allowed[0]!]));
    expect([401, 403]).not.toContain(admitted.status);
  });

  it('serves health without a token', async () => {
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', temporal: 'ok', evidenceStore: 'ok' },
      evidenceStore: 'postgres',
      attention: { open: 0, items: [] },
    });
  });

  it('documents every route in the OpenAPI document it serves without a token', async () => {
    // Tools and code generators fetch the document as it is: no token.
    const response = await fetch(`${api.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers.map((s) => s.url)).toEqual([api.config.api.publicBaseUrl]);
    for (const route of allRoutes) {
      expect(document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method], label(route)).toBeDefined();
    }
  });
});
