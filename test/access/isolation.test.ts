import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../api/route';
import { allRoutes } from '../../api/routes';
import type { Db } from '../../db/database';
import { ROLES } from '../../domain/roles';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { timeSkippingEnv } from '../support/temporal';
import { upsertAttentionItem } from '../../db/repositories/attention.repository';
import { newAimsMember, newMember, newOrganisation, seedAims, type Member, type SeededAims } from './seed-organisation';

// The isolation matrix over the whole route table: a member of organisation A acting on B's items
// (ids taken from B), and a programme manager of one AIMS acting on another AIMS of the same
// organisation, get the same 404 as an unknown id and change nothing; no list, count or feed
// they read shows the other's items. A new route is in this matrix by being in the route table.

const label = (r: RouteDefinition) => `${r.method.toUpperCase()} ${r.path}`;
const scoped = allRoutes.filter((r) => typeof r.scope === 'object');
const itemRoutes = scoped.filter((r) => typeof r.scope === 'object' && 'item' in r.scope);
const personRoutes = scoped.filter((r) => typeof r.scope === 'object' && 'person' in r.scope);
const bodyRoutes = scoped.filter((r) => typeof r.scope === 'object' && 'aimsInBody' in r.scope);
const organisationRoutes = scoped.filter((r) => typeof r.scope === 'object' && 'organisation' in r.scope);
const readRoutes = allRoutes.filter((r) => ['list', 'organisation', 'self'].includes(r.scope as string) && r.method === 'get');

/** Values for the path's other parameters that its schema accepts (an index, an input letter, an approval kind, …). */
function otherParams(route: RouteDefinition, fixed: Record<string, string>): Record<string, string> {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((n) => !(n in fixed));
  const params = { ...fixed };
  for (const name of names) {
    const candidates = [randomUUID(), '1', 'a', 'risk', 'impact', 'risk-assessment', 'x'];
    params[name] =
      candidates.find((c) => route.params?.safeParse({ ...params, ...Object.fromEntries(names.map((n) => [n, params[n] ?? c])), [name]: c }).success) ??
      candidates[0]!;
  }
  return params;
}

const pathOf = (route: RouteDefinition, params: Record<string, string>) => route.path.replace(/:(\w+)/g, (_m, n: string) => encodeURIComponent(params[n]!));

/** Every row of the record's tables, to compare before and after a refused call. */
async function snapshot(db: Db): Promise<string> {
  const tables = [
    'aims',
    'nc_cases',
    'nc_actions',
    'tasks',
    'audits',
    'audit_results',
    'reviews',
    'review_cycles',
    'ai_systems',
    'attention_items',
    'documents',
    'suppliers',
    'evidence_files',
    'readiness_snapshots',
    'soa_entries',
    'people',
    'memberships',
    'api_tokens',
    'feed_tokens',
    'audit_trail',
    'certifications',
    'audit_programmes',
  ] as const;
  const rows = await Promise.all(tables.map((t) => db.selectFrom(t).selectAll().execute()));
  const sorted = rows.map((r) => r.map((row) => JSON.stringify(row)).sort());
  return JSON.stringify(sorted);
}

describe('isolation between organisations and between AIMS of one organisation', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let api: Awaited<ReturnType<typeof startApi>>;
  let aAll: Member, bAll: Member, bOwner: Member, aOwner: Member, a1Only: Member;
  /** The deployment's operator: one a member of A holding every role there, one a member of nothing. */
  let operatorInA: Member, operatorOnly: Member;
  let orgA: string, orgB: string;
  let a1: SeededAims, a2: SeededAims, b1: SeededAims;

  async function call(route: RouteDefinition, token: string, path: string, body: unknown = {}, query = '') {
    const response = await fetch(`${api.url}${path}${query}`, {
      method: route.method.toUpperCase(),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: ['post', 'put', 'patch'].includes(route.method) ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, text, detail: (text.startsWith('{') ? (JSON.parse(text) as { detail?: string }).detail : undefined) ?? '' };
  }

  beforeAll(async () => {
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    api = await startApi(postgres.db, env.client);
    const db = postgres.db;
    [orgA, orgB] = [await newOrganisation(db, 'Organisation A'), await newOrganisation(db, 'Organisation B')];
    aAll = await newMember(db, orgA, [...ROLES], 'a-all');
    aOwner = await newMember(db, orgA, ['action_owner'], 'a-owner');
    bAll = await newMember(db, orgB, [...ROLES], 'b-all');
    bOwner = await newMember(db, orgB, ['action_owner'], 'b-owner');
    a1 = await seedAims(db, orgA, aAll.id, aOwner.id);
    a2 = await seedAims(db, orgA, aAll.id, aOwner.id);
    b1 = await seedAims(db, orgB, bAll.id, bOwner.id);
    a1Only = await newAimsMember(db, orgA, a1.aims);
    operatorInA = await newMember(db, orgA, [...ROLES], 'operator-in-a');
    operatorOnly = await newMember(db, await newOrganisation(db, 'Operators'), [], 'operator');
    await db.updateTable('people').set({ operator: true }).where('id', 'in', [operatorInA.id, operatorOnly.id]).execute();
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await postgres?.drop();
  });

  it('has every kind of scoped route to check', () => {
    expect(itemRoutes.length).toBeGreaterThanOrEqual(59);
    expect(personRoutes.length).toBeGreaterThanOrEqual(5);
    expect(bodyRoutes.map(label)).toEqual(['POST /cases']);
    expect(organisationRoutes.map(label).sort()).toEqual(['GET /organisations/:id/settings', 'PUT /organisations/:id/settings']);
    expect(readRoutes.length).toBeGreaterThanOrEqual(9);
  });

  const matrix = [
    {
      who: 'a member of organisation A holding every role, on B',
      actor: () => aAll,
      owner: () => bAll,
      target: () => b1,
      foreignPeople: () => [bAll.id, bOwner.id],
    },
    {
      who: 'the operator, a member of A holding every role, on B',
      actor: () => operatorInA,
      owner: () => bAll,
      target: () => b1,
      foreignPeople: () => [bAll.id, bOwner.id],
    },
    { who: "the programme manager of A's first AIMS only, on its second", actor: () => a1Only, owner: () => aAll, target: () => a2, foreignPeople: () => [] },
  ];

  describe.each(matrix)('$who', ({ actor, owner, target, foreignPeople }) => {
    it.each(itemRoutes.map((r) => [label(r), r] as const))('%s answers 404 like an unknown id and changes nothing', async (_l, route) => {
      const scope = route.scope as { item: keyof SeededAims; param?: string };
      const param = scope.param ?? 'id';
      const id = target()[scope.item];
      const params = otherParams(route, { [param]: id });
      const before = await snapshot(postgres.db);
      const foreign = await call(route, actor().token, pathOf(route, params));
      expect(await snapshot(postgres.db)).toBe(before);
      expect(foreign.status, foreign.text).toBe(404);
      expect(foreign.detail).toBe(`no ${scope.item} ${id}`);
      const unknownId = randomUUID();
      const unknown = await call(route, actor().token, pathOf(route, { ...params, [param]: unknownId }));
      expect([unknown.status, unknown.detail]).toEqual([404, `no ${scope.item} ${unknownId}`]);
      // Not vacuous: the item is there, and its own organisation's member gets past the scope (to
      // the body's validation: a body that is no object never reaches a workflow).
      const own = await call(route, owner().token, pathOf(route, params), []);
      expect(own.status === 404 && own.detail === foreign.detail, own.text).toBe(false);
    });

    it('POST /cases into the other AIMS is refused like an unknown AIMS and changes nothing', async () => {
      const route = bodyRoutes[0]!;
      const body = (aimsId: string) => ({ aimsId, title: 'Leak', source: 'incident', severity: 'minor', ownerId: actor().id });
      const before = await snapshot(postgres.db);
      const foreign = await call(route, actor().token, route.path, body(target().aims));
      expect(await snapshot(postgres.db)).toBe(before);
      expect(foreign.status, foreign.text).toBe(422);
      expect(foreign.text).toContain('body.aimsId');
      const unknownId = randomUUID();
      const unknown = await call(route, actor().token, route.path, body(unknownId));
      expect([unknown.status, unknown.detail.replace(unknownId, 'X')]).toEqual([422, foreign.detail.replace(target().aims, 'X')]);
    });

    it.each(readRoutes.map((r) => [label(r), r] as const))('%s shows nothing of the other', async (_l, route) => {
      const secrets = [
        target().marker,
        target().aims,
        target().case,
        target().task,
        target().audit,
        target().review,
        target()['ai-system'],
        target().attention,
        ...foreignPeople(),
      ];
      for (const query of ['', `?aimsId=${target().aims}`, `?ownerId=${target().aims === b1.aims ? bOwner.id : aOwner.id}`]) {
        const seen = await call(route, actor().token, route.path, undefined, query);
        // A refused filter echoes what was asked (and answers as for an unknown AIMS); only answers can leak.
        if (seen.status !== 200) continue;
        for (const secret of secrets) expect(seen.text, `${query}: ${secret}`).not.toContain(secret);
      }
    });

    it('the calendar feed links cover only reachable AIMS', async () => {
      const route = allRoutes.find((r) => r.method === 'post' && r.path === '/feeds/token')!;
      const issued = await call(route, actor().token, route.path);
      expect(issued.status).toBe(201);
      expect(issued.text).not.toContain(target().aims);
      const feedUrl = (JSON.parse(issued.text) as { personFeedUrl: string }).personFeedUrl.replace(/\/person\.ics$/, '');
      const token = feedUrl.split('/feeds/')[1]!;
      const feed = await fetch(`${api.url}/feeds/${token}/aims/${target().aims}.ics`);
      expect(feed.status).toBe(404);
    });
  });

  it.each(organisationRoutes.map((r) => [label(r), r] as const))(
    "%s: another organisation's answers 404 like an unknown id and changes nothing; within one, admins of the whole only",
    async (_l, route) => {
      const body = { senderName: 'Leak', replyTo: null, defaultTimeZone: null, defaultHolidayRegion: null, defaultPolicy: {} };
      for (const actor of [aAll, operatorInA, operatorOnly]) {
        const before = await snapshot(postgres.db);
        const foreign = await call(route, actor.token, pathOf(route, { id: orgB }), body);
        const unknownId = randomUUID();
        const unknown = await call(route, actor.token, pathOf(route, { id: unknownId }), body);
        expect(await snapshot(postgres.db)).toBe(before);
        expect(foreign.status, foreign.text).toBe(actor === operatorOnly ? 403 : 404);
        expect([unknown.status, unknown.detail.replace(unknownId, 'X')]).toEqual([foreign.status, foreign.detail.replace(orgB, 'X')]);
      }
      // Not vacuous: B's admin gets past the scope; an admin of one AIMS of A only is no admin of A.
      expect((await call(route, bAll.token, pathOf(route, { id: orgB }), body)).status).toBe(200);
      expect((await call(route, a1Only.token, pathOf(route, { id: orgA }), body)).status).toBe(403);
    },
  );

  it("the operator's routes (organisations, their export and deletion) refuse anyone else, even an admin holding every role, changing nothing", async () => {
    const operatorRoutes = allRoutes.filter((r) => r.access === 'operator');
    expect(operatorRoutes.map(label).sort()).toEqual(
      expect.arrayContaining(['GET /organisations/:id/export.zip', 'POST /organisations/:id/deletion', 'GET /organisations/:id/deletion']),
    );
    for (const route of operatorRoutes) {
      const before = await snapshot(postgres.db);
      const refused = await call(route, aAll.token, pathOf(route, { id: orgA }), { confirmName: 'Organisation A', archiveSha256: 'ab'.repeat(32) });
      expect(await snapshot(postgres.db)).toBe(before);
      expect([refused.status, label(route)]).toEqual([403, label(route)]);
    }
  });

  it('the operator who is no member sees nothing inside any organisation', async () => {
    for (const route of itemRoutes) {
      const scope = route.scope as { item: keyof SeededAims; param?: string };
      const param = scope.param ?? 'id';
      const params = otherParams(route, { [param]: b1[scope.item] });
      const before = await snapshot(postgres.db);
      const seen = await call(route, operatorOnly.token, pathOf(route, params));
      const unknownId = randomUUID();
      const unknown = await call(route, operatorOnly.token, pathOf(route, { ...params, [param]: unknownId }));
      expect(await snapshot(postgres.db)).toBe(before);
      expect([seen.status, seen.detail], label(route)).toEqual([404, `no ${scope.item} ${b1[scope.item]}`]);
      expect([unknown.status, unknown.detail], label(route)).toEqual([404, `no ${scope.item} ${unknownId}`]);
    }
    for (const route of readRoutes) {
      const seen = await call(route, operatorOnly.token, route.path);
      for (const secret of [a1.marker, b1.marker, a1.aims, b1.aims, bAll.id, aAll.id]) expect(seen.text, label(route)).not.toContain(secret);
    }
    const organisations = await call(
      allRoutes.find((r) => r.method === 'get' && r.path === '/organisations')!,
      operatorOnly.token,
      '/organisations',
    );
    expect(organisations.status).toBe(200);
    expect(organisations.text).not.toContain(a1.marker);
  });

  it("API tokens: an admin lists and revokes only their own organisation's people's", async () => {
    const tokens = allRoutes.find((r) => r.method === 'get' && r.path === '/tokens')!;
    const revoke = allRoutes.find((r) => r.method === 'delete' && r.path === '/tokens/:id')!;
    const everyone = await call(tokens, aAll.token, '/tokens', undefined, '?all=true');
    expect(everyone.status).toBe(200);
    expect(everyone.text).toContain(aOwner.id);
    for (const id of [bAll.id, bOwner.id]) expect(everyone.text).not.toContain(id);
    const theirs = await call(tokens, aAll.token, '/tokens', undefined, `?personId=${bOwner.id}`);
    expect((JSON.parse(theirs.text) as { items: unknown[] }).items).toEqual([]);
    const bToken = await postgres.db.selectFrom('api_tokens').select('id').where('person_id', '=', bOwner.id).executeTakeFirstOrThrow();
    const before = await snapshot(postgres.db);
    const refused = await call(revoke, aAll.token, `/tokens/${bToken.id}`);
    expect([refused.status, refused.detail]).toEqual([404, `no active token ${bToken.id}`]);
    expect(await snapshot(postgres.db)).toBe(before);
  });

  it("the deployment's own stuck work (no AIMS) is no organisation's: only the operator and /readyz see it, which details nothing of an organisation", async () => {
    const digests = await upsertAttentionItem(postgres.db, {
      workflowId: 'digests',
      aimsId: null,
      itemType: 'digest',
      itemId: 'weekly',
      itemLabel: 'Weekly digest',
      step: 'send_digests',
      errorType: 'Defect',
      error: 'relay refused',
      at: new Date(),
    });
    const list = allRoutes.find((r) => r.method === 'get' && r.path === '/attention')!;
    const retry = allRoutes.find((r) => r.method === 'post' && r.path === '/attention/:id/retry')!;
    for (const member of [aAll, bAll]) {
      expect((await call(list, member.token, '/attention')).text).not.toContain(digests.id);
      const refused = await call(retry, member.token, `/attention/${digests.id}/retry`);
      expect([refused.status, refused.detail]).toEqual([404, `no attention ${digests.id}`]);
    }
    // The operator gets past the scope (to the workflow, which this test does not run).
    const operator = await call(retry, operatorOnly.token, `/attention/${digests.id}/retry`);
    expect(operator.detail).not.toBe(`no attention ${digests.id}`);
    const ready = await (await fetch(`${api.url}/readyz`)).text();
    expect(ready).toContain(digests.id);
    for (const secret of [a1.attention, b1.attention, a1.task, b1.task, a1.case, b1.case]) expect(ready).not.toContain(secret);
  });

  it('lists still show what is reachable (the filters are not simply empty)', async () => {
    const get = async (path: string, who: Member) => (await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${who.token}` } })).text();
    for (const path of ['/aims', '/cases', '/audits', '/reviews', '/attention', '/overdue']) {
      const everything = await get(path, aAll);
      expect(everything, path).toContain(a1.marker === '' ? 'x' : path === '/aims' || path === '/cases' ? a1.marker : a1.aims);
      expect(everything, path).toContain(path === '/aims' || path === '/cases' ? a2.marker : a2.aims);
      const one = await get(path, a1Only);
      expect(one, path).toContain(path === '/aims' || path === '/cases' ? a1.marker : a1.aims);
    }
    expect(await get(`/tasks?ownerId=${aOwner.id}`, a1Only)).toContain(a1.task);
    expect(await get(`/tasks?ownerId=${aOwner.id}`, a1Only)).not.toContain(a2.task);
  });
});
