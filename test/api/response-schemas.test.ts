import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from '../../api/openapi';
import { responseDrift } from '../../api/response-check';
import { allRoutes } from '../../api/routes';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { newPersonWithToken } from '../support/fixtures';
import { timeSkippingEnv } from '../support/temporal';

// Every answer the suites provoke is checked against its route's response schema as it is sent
// (API_RESPONSE_CHECK=strict in test/support/api.ts). This file checks that the schemas say
// something, that the check catches drift either way, and that it is wired into the real API.

type JsonSchema = Record<string, unknown>;
const label = (r: (typeof allRoutes)[number]) => `${r.method.toUpperCase()} ${r.path}`;

/** Places in a JSON Schema that accept anything: `{}` (z.unknown()) or an object of unknown values (z.record(z.string(), z.unknown())). */
function anythingIn(schema: unknown, components: Record<string, JsonSchema>, at: string, seen = new Set<string>()): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => anythingIn(s, components, `${at}[${i}]`, seen));
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as JsonSchema;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    return anythingIn(components[name], components, name, new Set([...seen, name]));
  }
  const { description: _description, ...rest } = node;
  if (Object.keys(rest).length === 0) return [at];
  if (node.additionalProperties === true || (typeof node.additionalProperties === 'object' && Object.keys(node.additionalProperties as object).length === 0))
    return [`${at}.*`];
  return Object.entries(node).flatMap(([key, value]) => (typeof value === 'object' ? anythingIn(value, components, `${at}.${key}`, seen) : []));
}

describe('response schemas', () => {
  const document = buildOpenApiDocument(allRoutes, 'test', 'http://aims.test') as unknown as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
    components: { schemas: Record<string, JsonSchema> };
  };

  it('every route that answers with a body declares what it is', () => {
    const undeclared = allRoutes.filter((r) => r.response.status !== 204 && !r.response.schema).map(label);
    expect(undeclared).toEqual([]);
  });

  it('no response schema accepts anything: every field of every answer is described', () => {
    const loose = allRoutes.flatMap((r) => {
      const operation = document.paths[r.path.replace(/:(\w+)/g, '{$1}')]![r.method]!;
      const content = operation.responses[String(r.response.status)]?.content ?? {};
      return Object.values(content).flatMap((c) => anythingIn(c.schema, document.components.schemas, label(r)));
    });
    expect(loose).toEqual([]);
  });

  it('the check finds a wrong value, a missing field and an undescribed one, each by its field', () => {
    const schema = z.object({ id: z.uuid(), items: z.array(z.object({ n: z.number() })), note: z.string().optional() });
    const id = '0b6f6a5e-4c4e-4f7e-9d7a-2f2b8f0a1c3d';
    expect(responseDrift(schema, { id, items: [{ n: 1 }], note: undefined })).toEqual([]);
    expect(responseDrift(schema, { id, items: [{ n: '1' }] }).map((d) => d.field)).toEqual(['response.items.0.n']);
    expect(responseDrift(schema, { items: [] }).map((d) => d.field)).toEqual(['response.id']);
    expect(responseDrift(schema, { id, items: [{ n: 1, extra: true }], more: 1 })).toEqual([
      { field: 'response.items.0.extra', reason: 'not in the response schema' },
      { field: 'response.more', reason: 'not in the response schema' },
    ]);
    expect(responseDrift(undefined, { id })).toEqual([{ field: 'response', reason: 'the route declares no response body' }]);
    expect(responseDrift(schema, undefined)).toEqual([{ field: 'response', reason: 'no body, but the route declares one' }]);
  });

  describe('through the API', () => {
    let postgres: Awaited<ReturnType<typeof freshPostgres>>;
    let env: TestWorkflowEnvironment;
    let api: Awaited<ReturnType<typeof startApi>>;
    let manager: Awaited<ReturnType<typeof newPersonWithToken>>;

    beforeAll(async () => {
      [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
      api = await startApi(postgres.db, env.client);
      manager = await newPersonWithToken(postgres.db, ['programme_manager']);
    });
    afterAll(async () => {
      await api?.close();
      await env?.teardown();
      await postgres?.drop();
    });

    const get = (path: string) => fetch(api.url + path, { headers: { authorization: `Bearer ${manager.token}` } });
    const insertAims = (name: string, policy: object) =>
      postgres.db
        .insertInto('aims')
        .values({
          name,
          scope: '',
          time_zone: 'Europe/Berlin',
          holiday_region: null,
          closed_days: [],
          programme_manager_id: manager.person.id,
          policy: JSON.stringify(policy),
        })
        .returning('id')
        .executeTakeFirstOrThrow();

    it('sends an answer that fits its schema', async () => {
      const { id } = await insertAims('Fits', { chaseEveryDays: 3 });
      const response = await get(`/aims/${id}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { policy: { chaseEveryDays: number } }).policy.chaseEveryDays).toBe(3);
    });

    it('refuses to send a drifting answer (a record written outside the schema) and names the field', async () => {
      // A policy key no version of the API knows: the effective policy would carry it to clients undocumented.
      const { id } = await insertAims('Drifts', { legacyKnob: 1 });
      const response = await get(`/aims/${id}`);
      expect(response.status).toBe(500);
      const problem = (await response.json()) as { detail: string; errors: { field: string; reason: string }[] };
      expect(problem.detail).toContain('GET /aims/:id answered outside its response schema');
      expect(problem.errors).toEqual([{ field: 'response.policy.legacyKnob', reason: 'not in the response schema' }]);
    });
  });
});
