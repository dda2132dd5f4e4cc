import { seedCertification } from '../support/seed-records';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiContext } from '../../api/api-context';
import type { RouteDefinition } from '../../api/route';
import { allRoutes } from '../../api/routes';
import { instantAt, localDateOf } from '../../calendar/local-time';
import { addCalendarDays } from '../../calendar/iso-date';
import type { Db } from '../../db/database';
import { issueToken } from '../../db/repositories/api-tokens.repository';
import { loadConfig } from '../../config/load-config';
import type { Clock } from '../../domain/clock';
import { CONTROLS } from '../../domain/reference/iso42001';
import { ROLES } from '../../domain/roles';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { timeSkippingEnv } from '../support/temporal';
import { webRouter } from '../../web/router';
import { setCookie, webSession, type WebSession } from '../support/web-session';
import { newMember, newOrganisation, seedAims, type Member, type SeededAims } from './seed-organisation';

// The external auditor (issue #14) over the whole route table, as the isolation matrix does it: a
// certification body's auditor granted one AIMS reads that AIMS's records (item reads and lists,
// exports and evidence downloads) within the period, each read written to the AIMS's trail; every
// command, every route about people, tokens or the organisation's operations, and every other
// AIMS (of the same organisation or another) are refused and change nothing; no answer carries
// anyone's email or department. After the period, nothing: 401 on every route and page.

const label = (r: RouteDefinition) => `${r.method.toUpperCase()} ${r.path}`;
const itemScope = (r: RouteDefinition) => (typeof r.scope === 'object' && 'item' in r.scope ? r.scope : undefined);
/** Reads the organisation keeps to itself (operations, management's chase lists with departments, the grants). */
const KEPT = [
  'GET /attention',
  'GET /overdue',
  'GET /overdue/trend',
  'GET /exports/overdue.csv',
  'GET /exports/overdue.pdf',
  'GET /aims/:id/external-auditors',
];
/** What the auditor may read: GETs placed on an AIMS's item or listing AIMS, but those kept. */
const readable = (r: RouteDefinition) => r.method === 'get' && (r.scope === 'list' || itemScope(r) !== undefined) && !KEPT.includes(label(r));
const guarded = allRoutes.filter((r) => r.access !== 'public');
const reads = guarded.filter(readable);
const refused = guarded.filter((r) => !readable(r));

/** Every page of the web router, as mounted (sign-in and sign-out pages aside: they are the way in and out, not reads). */
const pages = (
  webRouter({
    config: loadConfig({ API_PORT: '1', AIMS_DATA_DIR: '/tmp/aims-test', PUBLIC_BASE_URL: 'http://aims.test' }, 'all-in-one').config,
  } as ApiContext) as unknown as {
    stack: { route?: { path: string; methods: Record<string, boolean> } }[];
  }
).stack
  .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => ({ method, path: layer.route!.path })) : []))
  .filter((p) => !p.path.startsWith('/sign'));
/** The seeded item a page's `:id` names, by the page's path. */
function pageKind(path: string): keyof SeededAims | undefined {
  if (!path.includes(':id')) return undefined;
  const first = path.split('/')[1]!;
  const kinds: Record<string, keyof SeededAims> = {
    aims: 'aims',
    cases: 'case',
    audits: 'audit',
    reviews: 'review',
    'ai-systems': 'ai-system',
    documents: 'document',
    suppliers: 'supplier',
    evidence: 'evidence',
    tasks: 'task',
  };
  return kinds[first];
}

function otherParams(route: RouteDefinition, fixed: Record<string, string>): Record<string, string> {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter((n) => !(n in fixed));
  const params = { ...fixed };
  for (const name of names) {
    const candidates = [randomUUID(), '1', 'a', 'risk', 'impact', 'x'];
    params[name] =
      candidates.find((c) => route.params?.safeParse({ ...params, ...Object.fromEntries(names.map((n) => [n, params[n] ?? c])), [name]: c }).success) ??
      candidates[0]!;
  }
  return params;
}
const pathOf = (route: RouteDefinition, params: Record<string, string>) => route.path.replace(/:(\w+)/g, (_m, n: string) => encodeURIComponent(params[n]!));

/** Every row of the record's tables (the trail too unless told), which a refused call must leave as it was. */
async function snapshot(db: Db, withTrail = true): Promise<string> {
  const tables = [
    'aims',
    'nc_cases',
    'tasks',
    'audits',
    'reviews',
    'ai_systems',
    'attention_items',
    'documents',
    'suppliers',
    'evidence_files',
    'soa_entries',
    'people',
    'memberships',
    'api_tokens',
    'feed_tokens',
    'audit_trail',
    'certifications',
    'external_auditor_grants',
  ] as const;
  const rows = await Promise.all(tables.filter((t) => withTrail || t !== 'audit_trail').map((t) => db.selectFrom(t).selectAll().execute()));
  return JSON.stringify(rows.map((r) => r.map((row) => JSON.stringify(row)).sort()));
}

describe('an external auditor granted one AIMS for a period', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let api: Awaited<ReturnType<typeof startApi>>;
  const clockState = { offsetMs: 0 };
  const clock: Clock = { now: () => new Date(Date.now() + clockState.offsetMs) };
  let pm: Member, owner: Member, bAll: Member, auditor: Member;
  let a1: SeededAims, a2: SeededAims, b1: SeededAims;
  let grantId: string;
  let stage2: string;
  let session: WebSession;
  let pmSession: WebSession;
  const department = `Dept${randomUUID().slice(0, 6)}`;

  /** Moves the engine's clock the way the harness does: the time-skipping server sleeps, the API's clock follows it. */
  async function advance(ms: number) {
    await env.sleep(ms);
    clockState.offsetMs = (await env.currentTimeMs()) - Date.now();
  }

  async function call(method: string, path: string, token: string, body?: unknown) {
    const response = await fetch(`${api.url}${path}`, {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase()) ? JSON.stringify(body ?? {}) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const detail = (text.startsWith('{') ? (JSON.parse(text) as { detail?: string }).detail : undefined) ?? '';
    return { status: response.status, text, detail, json: () => JSON.parse(text) as Record<string, unknown> };
  }

  /** Whether the auditor's newest page session was ended on the server (not merely idle). */
  const latestSessionEnded = async () =>
    (
      await postgres.db
        .selectFrom('web_sessions')
        .select('ended_at')
        .where('person_id', '=', auditor.id)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
    ).ended_at !== null;

  /** Asks for a sign-in link on the sign-in page, as the auditor does; answers how many links the auditor then has. */
  async function askForLink(): Promise<number> {
    const form = await fetch(`${api.url}/ui/sign-in`);
    const browser = setCookie(form, 'aims_browser')!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const asked = await fetch(`${api.url}/ui/sign-in`, {
      method: 'POST',
      headers: { cookie: `aims_browser=${browser}`, 'content-type': 'application/x-www-form-urlencoded', origin: api.url },
      body: new URLSearchParams({ email: 'erin@cert.example', _csrf: csrf }),
    });
    expect(asked.status).toBe(200);
    return (await postgres.db.selectFrom('sign_in_links').select('id').where('person_id', '=', auditor.id).execute()).length;
  }

  const trailOf = (aimsId: string) =>
    postgres.db.selectFrom('audit_trail').selectAll().where('aims_id', '=', aimsId).where('actor_id', '=', auditor.id).orderBy('chain_seq').execute();

  beforeAll(async () => {
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    clockState.offsetMs = (await env.currentTimeMs()) - Date.now();
    api = await startApi(postgres.db, env.client, clock);
    const db = postgres.db;
    const [orgA, orgB] = [await newOrganisation(db, 'Organisation A'), await newOrganisation(db, 'Organisation B')];
    pm = await newMember(db, orgA, [...ROLES], 'a-pm');
    owner = await newMember(db, orgA, ['action_owner'], 'a-owner');
    bAll = await newMember(db, orgB, [...ROLES], 'b-all');
    a1 = await seedAims(db, orgA, pm.id, owner.id);
    a2 = await seedAims(db, orgA, pm.id, owner.id);
    b1 = await seedAims(db, orgB, bAll.id, bAll.id);
    await db.updateTable('people').set({ department }).execute();
    await db
      .insertInto('soa_entries')
      .values(CONTROLS.map((c) => ({ aims_id: a1.aims, control_id: c.id, applicable: true, justification: '', updated_at: new Date() })))
      .execute();
    // The certification body's stage 2 audit is in three days.
    stage2 = addCalendarDays(localDateOf(clock.now(), 'Europe/Berlin'), 3);
    await seedCertification(db, a1.aims, {
      stage1_date: addCalendarDays(stage2, -40),
      stage1_outcome: 'passed',
      stage2_date: stage2,
      stage2_outcome: 'passed',
    });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await postgres?.drop();
  });

  it('is granted by the programme manager for the stage 2 audit: its date ± 7 days by default, the auditor created with no role', async () => {
    const listed = await call('GET', `/aims/${a1.aims}/external-auditors`, pm.token);
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json().defaultPeriods).toContainEqual({
      audit: 'stage2',
      auditDate: stage2,
      from: addCalendarDays(stage2, -7),
      until: addCalendarDays(stage2, 7),
    });
    const granted = await call('POST', `/aims/${a1.aims}/external-auditors`, pm.token, { name: 'Erin Extern', email: 'erin@cert.example', audit: 'stage2' });
    expect(granted.status, granted.text).toBe(201);
    const grant = granted.json().grant as Record<string, string>;
    expect([grant.from, grant.until, grant.state, grant.personName]).toEqual([
      addCalendarDays(stage2, -7),
      addCalendarDays(stage2, 7),
      'in force',
      'Erin Extern',
    ]);
    expect(granted.json().signInUrl).toMatch(/\/ui\/sign-in$/);
    grantId = grant.id!;
    const person = await postgres.db.selectFrom('people').selectAll().where('email', '=', 'erin@cert.example').executeTakeFirstOrThrow();
    expect([person.roles, person.department, person.manager_id]).toEqual([[], null, null]);
    expect(await postgres.db.selectFrom('memberships').select('id').where('person_id', '=', person.id).execute()).toEqual([]);
    const recorded = await postgres.db
      .selectFrom('audit_trail')
      .select(['action', 'entity_id'])
      .where('aims_id', '=', a1.aims)
      .where('entity_type', '=', 'external_auditor_grant')
      .execute();
    expect(recorded).toEqual([{ action: 'granted', entity_id: grantId }]);
    auditor = { id: person.id, token: (await issueToken(postgres.db, person.id, 'test')).secret };
    session = await webSession(api.url, auditor.token);
    pmSession = await webSession(api.url, pm.token);
  }, 120_000); // several sign-ins: as long as a hook may take on a loaded machine

  it('refuses periods that are not one: until not after from, too long, over already, an audit with no date, a member with roles', async () => {
    const grant = (body: Record<string, unknown>) =>
      call('POST', `/aims/${a1.aims}/external-auditors`, pm.token, { name: 'Ola', email: 'ola@cert.example', ...body });
    const before = await snapshot(postgres.db);
    for (const [body, field] of [
      [{ from: '2027-03-10', until: '2027-03-10' }, 'body.until'],
      [{ from: '2027-03-10', until: '2027-03-01' }, 'body.until'],
      [{ from: '2027-01-01', until: '2027-12-31' }, 'body.until'],
      [{ from: '2020-01-01', until: '2020-01-10' }, 'body.until'],
      [{ audit: 'surveillance-1' }, 'body.audit'],
      [{}, 'body.audit'],
      [{ from: '0001-01-01', until: '2027-01-10' }, 'body.from'],
      [{ audit: 'stage2', email: owner.id }, 'body.email'],
    ] as const) {
      const refusedGrant = await grant(body);
      expect(refusedGrant.status, JSON.stringify(body)).toBe(422);
      expect(refusedGrant.text, JSON.stringify(body)).toContain(field);
    }
    const member = await postgres.db.selectFrom('people').select('email').where('id', '=', owner.id).executeTakeFirstOrThrow();
    const taken = await grant({ audit: 'stage2', email: member.email });
    expect([taken.status, taken.text.includes('body.email')]).toEqual([422, true]);
    expect(await snapshot(postgres.db)).toBe(before);
  });

  const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

  describe('within the period', () => {
    it.each(reads.map((r) => [label(r), r] as const))('%s reads the granted AIMS, recorded in its trail, and nothing of another AIMS', async (_l, route) => {
      const scope = itemScope(route);
      // The AIMS's own trail lists the auditor's earlier views with their paths, which include the
      // other AIMS ids this test probed with; their markers still must not show.
      const probed = route.path.includes('/audit-trail') ? [] : [a2.aims, b1.aims];
      const secrets = [a2.marker, b1.marker, ...probed, '@example.org', '@cert.example', department];
      if (!scope) {
        const before = (await trailOf(a1.aims)).length;
        for (const query of ['', `?aimsId=${a2.aims}`, `?aimsId=${b1.aims}`]) {
          const seen = await call('GET', route.path + query, auditor.token);
          if (query === '') expect(seen.status, seen.text).toBe(200);
          if (seen.status !== 200) continue;
          for (const secret of secrets) expect(seen.text, `${query}: ${secret}`).not.toContain(secret);
        }
        const trail = await trailOf(a1.aims);
        expect(trail.length).toBeGreaterThan(before);
        expect(trail.at(-1)!.after).toMatchObject({ route: label(route), grantId });
        return;
      }
      const param = scope.param ?? 'id';
      const own = await call('GET', pathOf(route, otherParams(route, { [param]: a1[scope.item as keyof SeededAims] })), auditor.token);
      expect([200, 404, 409], own.text).toContain(own.status);
      // Not refused by the scope: a 404 or 409 here is the handler's own (a seeded item without a pack, say).
      expect(own.detail).not.toBe(`no ${scope.item} ${a1[scope.item as keyof SeededAims]}`);
      for (const secret of secrets) expect(own.text, secret).not.toContain(secret);
      const entry = (await trailOf(a1.aims)).at(-1)!;
      const downloads = route.response.contentType !== undefined && route.response.contentType !== 'application/json';
      expect([entry.entity_type, entry.entity_id, entry.action]).toEqual([
        scope.item,
        a1[scope.item as keyof SeededAims],
        downloads ? 'downloaded by external auditor' : 'viewed by external auditor',
      ]);
      expect(entry.after).toMatchObject({ route: label(route), grantId });
      for (const target of [a2, b1]) {
        const id = target[scope.item as keyof SeededAims];
        const before = await snapshot(postgres.db);
        const other = await call('GET', pathOf(route, otherParams(route, { [param]: id })), auditor.token);
        expect([other.status, other.detail]).toEqual([404, `no ${scope.item} ${id}`]);
        expect(await snapshot(postgres.db)).toBe(before);
      }
    });

    it.each(refused.map((r) => [label(r), r] as const))('%s is refused and changes nothing', async (_l, route) => {
      const scope = itemScope(route);
      const fixed = scope ? { [scope.param ?? 'id']: a1[scope.item as keyof SeededAims] } : { id: auditor.id };
      const before = await snapshot(postgres.db);
      const answer = await call(route.method, pathOf(route, otherParams(route, fixed)), auditor.token, { aimsId: a1.aims, title: 'x' });
      expect(answer.status, answer.text).toBe(403);
      expect(await snapshot(postgres.db)).toBe(before);
    });

    it.each(pages.filter((p) => p.method === 'get').map((p) => [`GET /ui${p.path}`, p.path] as const))(
      "%s shows the granted AIMS (one trail entry per view) or refuses, and nothing of another AIMS or anyone's email",
      async (_l, path) => {
        const secrets = [a2.marker, b1.marker, '@example.org', '@cert.example', department];
        const kind = pageKind(path);
        // A page under an item the seed has none of (an evidence package's download) gets an unknown id for it.
        const at = (id: string) => `${api.url}/ui${path.replace(':id', id).replace(/:[A-Za-z]+/g, NO_SUCH_ID)}`;
        const before = (await trailOf(a1.aims)).length;
        const page = await fetch(kind ? at(a1[kind]) : `${api.url}/ui${path}`, { headers: { cookie: session.cookie }, redirect: 'manual' });
        const text = await page.text();
        if (kind) {
          // The page answers the auditor as it answers the AIMS's programme manager (a page of something the record lacks is a 404 for both).
          const asManager = await fetch(at(a1[kind]), { headers: { cookie: pmSession.cookie }, redirect: 'manual' });
          expect(page.status, text.slice(0, 500)).toBe(asManager.status);
          expect((await trailOf(a1.aims)).length).toBe(before + 1);
        } else {
          // Pages of no one AIMS: the auditor's own (empty) inbox, the lists narrowed to the granted AIMS, or refused.
          expect([200, 303, 403], text.slice(0, 500)).toContain(page.status);
        }
        for (const secret of secrets) expect(text, secret).not.toContain(secret);
        if (!kind) return;
        const other = await fetch(at(a2[kind]), { headers: { cookie: session.cookie }, redirect: 'manual' });
        expect(other.status).toBe(404);
      },
    );

    it.each(pages.filter((p) => p.method === 'post').map((p) => [`POST /ui${p.path}`, p.path] as const))(
      '%s is refused and changes nothing',
      async (_l, path) => {
        const kind = pageKind(path);
        const filled = otherParams({ path, params: undefined } as unknown as RouteDefinition, kind ? { id: a1[kind] } : {});
        const before = await snapshot(postgres.db, false);
        const trailBefore = (await trailOf(a1.aims)).length;
        const posted = await fetch(`${api.url}/ui${path.replace(/:(\w+)/g, (_m, n: string) => filled[n]!)}`, {
          method: 'POST',
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: api.url },
          body: session.form({
            title: 'x',
            name: 'x',
            date: stage2,
            outcome: 'failed',
            label: 'x',
            reason: 'x',
            // A change, so that the SoA form has something to send.
            [`applicable.${CONTROLS[0]!.id}`]: 'no',
            [`justification.${CONTROLS[0]!.id}`]: 'Not used',
          }),
          redirect: 'manual',
        });
        expect(posted.status, (await posted.text()).slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(posted.status).toBeLessThan(500);
        expect(await snapshot(postgres.db, false)).toBe(before);
        // The page shown again with the refusal is a view like any other: at most its one entry.
        const added = (await trailOf(a1.aims)).slice(trailBefore);
        expect(added.length).toBeLessThanOrEqual(1);
        expect(added.every((e) => e.action === 'viewed by external auditor')).toBe(true);
      },
    );

    it('sends the auditor a sign-in link when they ask for one', async () => {
      expect(await askForLink()).toBe(1);
    });

    it('may not filter by a department (people are names and roles to them): 403 naming the field, nothing recorded', async () => {
      const before = await snapshot(postgres.db);
      for (const path of [`/cases?department=${department}`, `/cases?aimsId=${a1.aims}&department=${department}`]) {
        const refused = await call('GET', path, auditor.token);
        expect([refused.status, refused.text.includes('query.department')], refused.text).toEqual([403, true]);
      }
      expect(await snapshot(postgres.db)).toBe(before);
      // The programme manager's own reads keep the filter.
      expect((await call('GET', `/cases?department=${department}`, pm.token)).status).toBe(200);
    });

    it('writes one trail entry per request, and the chain still verifies', async () => {
      const before = (await trailOf(a1.aims)).length;
      expect((await call('GET', `/cases/${a1.case}`, auditor.token)).status).toBe(200);
      const download = await call('GET', `/evidence/${a1.evidence}`, auditor.token);
      expect([download.status, download.text]).toEqual([200, 'hello']);
      const trail = (await trailOf(a1.aims)).slice(before);
      expect(trail.map((e) => [e.entity_type, e.entity_id, e.action, (e.after as { route: string }).route])).toEqual([
        ['case', a1.case, 'viewed by external auditor', 'GET /cases/:id'],
        ['evidence', a1.evidence, 'downloaded by external auditor', 'GET /evidence/:id'],
      ]);
      expect(trail.every((e) => e.actor_label === 'Erin Extern' && e.occurred_at.getTime() <= clock.now().getTime())).toBe(true);
      const verified = await call('GET', `/aims/${a1.aims}/audit-trail/verification`, pm.token);
      expect(verified.json().intact).toBe(true);
    });

    it('reads the pages of the granted AIMS, one trail entry per page view, and nothing of another AIMS', async () => {
      const before = (await trailOf(a1.aims)).length;
      const page = await fetch(`${api.url}/ui/aims/${a1.aims}/certification/record`, { headers: { cookie: session.cookie } });
      const text = await page.text();
      expect(page.status, text).toBe(200);
      expect(text).toContain('Cert Co');
      expect(text).not.toContain('Grant an external auditor access');
      const trail = (await trailOf(a1.aims)).slice(before);
      expect(trail.map((e) => (e.after as { route: string }).route)).toEqual([`GET /ui/aims/${a1.aims}/certification/record`]);
      const other = await fetch(`${api.url}/ui/aims/${a2.aims}/certification/record`, { headers: { cookie: session.cookie } });
      expect(other.status).toBe(404);
      const posted = await fetch(`${api.url}/ui/aims/${a1.aims}/certification/stage2`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: api.url },
        body: session.form({ date: stage2, outcome: 'failed' }),
        redirect: 'manual',
      });
      expect(posted.status).toBe(403);
    });
  });

  describe('after the period', () => {
    let lastEvening: WebSession;
    beforeAll(async () => {
      // 23:50 on the last day in the AIMS zone: still in force (a fresh page session, as sessions idle out in ten days anyway) …
      const until = addCalendarDays(stage2, 7);
      await advance(instantAt(until, '23:50', 'Europe/Berlin').getTime() - clock.now().getTime());
      lastEvening = await webSession(api.url, auditor.token);
      expect((await fetch(`${api.url}/ui/aims/${a1.aims}`, { headers: { cookie: lastEvening.cookie } })).status).toBe(200);
      expect((await call('GET', `/cases/${a1.case}`, auditor.token)).status).toBe(200);
      // … and 00:10 the day after: over.
      await advance(20 * 60_000);
    });

    it.each(guarded.map((r) => [label(r), r] as const))('%s answers 401 and changes nothing', async (_l, route) => {
      const scope = itemScope(route);
      const fixed = scope ? { [scope.param ?? 'id']: a1[scope.item as keyof SeededAims] } : { id: auditor.id };
      const before = await snapshot(postgres.db);
      const answer = await call(route.method, pathOf(route, otherParams(route, fixed)), auditor.token, {});
      expect(answer.status, answer.text).toBe(401);
      expect(await snapshot(postgres.db)).toBe(before);
    });

    it('ends the page session with the period: the next page asks to sign in again', async () => {
      const page = await fetch(`${api.url}/ui/aims/${a1.aims}`, { headers: { cookie: lastEvening.cookie }, redirect: 'manual' });
      expect([page.status, page.headers.get('location')]).toEqual([303, `/ui/sign-in?next=${encodeURIComponent(`/ui/aims/${a1.aims}`)}`]);
      expect(await latestSessionEnded()).toBe(true);
      expect(await postgres.db.selectFrom('external_auditor_grants').select('revoked_at').where('id', '=', grantId).executeTakeFirst()).toEqual({
        revoked_at: null,
      });
    });

    it('sends no sign-in link any more', async () => {
      expect(await askForLink()).toBe(1);
    });

    it('a new grant lets the auditor in again, and revoking it ends their reads and page session at once', async () => {
      const today = localDateOf(clock.now(), 'Europe/Berlin');
      const granted = await call('POST', `/aims/${a1.aims}/external-auditors`, pm.token, {
        name: 'ignored for a known email',
        email: 'erin@cert.example',
        from: today,
        until: addCalendarDays(today, 2),
      });
      expect(granted.status, granted.text).toBe(201);
      const grant = granted.json().grant as Record<string, string>;
      expect([grant.personId, grant.personName, grant.audit]).toEqual([auditor.id, 'Erin Extern', null]);
      expect((await call('GET', `/cases/${a1.case}`, auditor.token)).status).toBe(200);
      const fresh = await webSession(api.url, auditor.token);
      expect((await fetch(`${api.url}/ui/aims/${a1.aims}`, { headers: { cookie: fresh.cookie } })).status).toBe(200);
      const revoked = await call('POST', `/aims/${a1.aims}/external-auditors/${grant.id}/revocation`, pm.token);
      expect([revoked.status, revoked.json().state]).toEqual([200, 'revoked']);
      expect((await call('POST', `/aims/${a1.aims}/external-auditors/${grant.id}/revocation`, pm.token)).status).toBe(409);
      expect((await call('GET', `/cases/${a1.case}`, auditor.token)).status).toBe(401);
      expect((await fetch(`${api.url}/ui/aims/${a1.aims}`, { headers: { cookie: fresh.cookie }, redirect: 'manual' })).status).toBe(303);
      expect(await latestSessionEnded()).toBe(true);
      const actions = await postgres.db
        .selectFrom('audit_trail')
        .select('action')
        .where('entity_type', '=', 'external_auditor_grant')
        .where('entity_id', '=', grant.id!)
        .orderBy('chain_seq')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['granted', 'revoked']);
      const listed = await call('GET', `/aims/${a1.aims}/external-auditors`, pm.token);
      expect((listed.json().items as { state: string }[]).map((g) => g.state)).toEqual(['revoked', 'ended']);
    });
  });
});
