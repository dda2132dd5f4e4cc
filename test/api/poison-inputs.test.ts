import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../api/route';
import { allRoutes } from '../../api/routes';
import { DATE_MAX, encodeCursor } from '../../api/schemas/fields';
import { programmeWorkflowId } from '../../domain/audit';
import { reviewCycleWorkflowId } from '../../domain/review';
import { isClauseId, isControlId } from '../../domain/reference/iso42001';
import { EngineHarness } from '../support/engine-harness';
import { footprint as tableFootprint } from '../support/footprint';
import { webSession } from '../support/web-session';

// Every command of every item, driven with each poison value in each of its fields: a control
// character, a lone surrogate, a date in year 0001 or 9999, an unknown reference. Each must be
// refused at once with a 4xx problem naming the field, and leave the record (every table) and
// every workflow's history exactly as they were. A new command route is one entry in COMMANDS;
// a route missing from it fails the first test.

type Person = Awaited<ReturnType<EngineHarness['person']>>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Command {
  /** `method path` exactly as the route is defined. */
  route: string;
  /** The concrete path, the caller, and one body that passes validation. */
  send?: () => { path: string; token: string; body: Json };
  /** Why the route has no field to poison (empty body, path only). */
  nothing?: string;
}

interface Poison {
  name: string;
  value: (valid: string) => string;
  /** What the refusal must say, when the field is free text (or a date, a reference…). */
  reason: RegExp;
}

const CONTROL = /must not contain control characters/;
/** Poisons for every string field: inserted after the first character, so trimming cannot remove them and lengths stay in bounds. */
const TEXT_POISONS: Poison[] = [
  ...[
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['ESC', '\u001b'],
    ['NEL (C1)', '\u0085'],
  ].map(([name, c]) => ({ name: name!, value: (v: string) => v.slice(0, 1) + c + v.slice(1), reason: CONTROL })),
  { name: 'a lone surrogate', value: (v) => v.slice(0, 1) + '\ud800' + v.slice(1), reason: /unpaired surrogate/ },
];
const RANGE = /must lie between 1970-01-01 and 2199-12-31/;
const DATE_POISONS: Poison[] = [
  { name: 'year 0001', value: () => '0001-01-01', reason: RANGE },
  { name: 'year 9999', value: () => '9999-12-31', reason: RANGE },
];
const INSTANT_POISONS: Poison[] = [
  { name: 'an instant in year 0001', value: () => '0001-01-01T00:00:00Z', reason: /must lie between/ },
  { name: 'an instant in year 9999', value: () => '9999-12-31T23:59:59Z', reason: /must lie between/ },
];
const REF_POISONS: Poison[] = [{ name: 'an unknown id', value: () => randomUUID(), reason: /no such|does not exist/ }];
const STANDARD_POISONS: Poison[] = ['9.2 ', 'A.99', 'X'].map((v) => ({
  name: JSON.stringify(v),
  value: () => v,
  reason: /must be (a clause|an Annex A control)/,
}));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The poisons a field gets, from the kind of value it holds in the valid body. */
function poisonsFor(value: string): Poison[] {
  if (UUID.test(value)) return [...TEXT_POISONS, ...REF_POISONS];
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return [...TEXT_POISONS, ...DATE_POISONS];
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return [...TEXT_POISONS, ...INSTANT_POISONS];
  if (isClauseId(value) || isControlId(value)) return [...TEXT_POISONS, ...STANDARD_POISONS];
  return TEXT_POISONS;
}

/** Every string in a body, with its path. */
function stringLeaves(value: Json, path: (string | number)[] = []): { path: (string | number)[]; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

function replaced(value: Json, path: (string | number)[], leaf: string): Json {
  if (path.length === 0) return leaf;
  const copy = structuredClone(value) as Record<string | number, Json>;
  const [head, ...rest] = path;
  copy[head!] = replaced(copy[head!]!, rest, leaf);
  return copy as Json;
}

const routeOf = (key: string): RouteDefinition => allRoutes.find((r) => `${r.method} ${r.path}` === key)!;

describe('poison values in every command of every item', () => {
  let h: EngineHarness;
  let admin: Person;
  let operator: Person;
  let pm: Person;
  let owner: Person;
  let auditor: Person;
  let chair: Person;
  let aimsId: string;
  let otherAimsId: string;
  let caseId: string;
  let taskId: string;
  let auditId: string;
  let externalAuditId: string;
  let reviewId: string;
  let aiSystemId: string;
  let documentId: string;
  let supplierId: string;

  async function waitFor<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 100; i += 1) {
      const found = await read();
      if (found !== undefined) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no ${what}`);
  }

  const workflowIds = async () => {
    const rows = await sql<{ id: string }>`
      select workflow_id as id from nc_cases union select workflow_id from audits union select workflow_id from audit_programmes
      union select workflow_id from reviews union select workflow_id from certifications union select workflow_id from ai_systems
      union select workflow_id from documents union select workflow_id from suppliers`.execute(h.db);
    return [...rows.rows.map((r) => r.id), reviewCycleWorkflowId(aimsId)].sort();
  };

  /** Lets what earlier steps set going finish (emails, saves), so a footprint taken now stays put. */
  async function quiet() {
    await h.settle();
    for (const id of await workflowIds()) await h.waitIdle(id);
  }

  /** Every table's rows (hashed) and every workflow's history length: what a refused command must leave as it was. */
  async function footprint() {
    const tables = await tableFootprint(h);
    const histories = Object.fromEntries(
      await Promise.all((await workflowIds()).map(async (id) => [id, (await h.env.client.workflow.getHandle(id).describe()).historyLength] as const)),
    );
    return { ...tables, histories };
  }

  async function send(method: string, path: string, token: string, body: Json | undefined) {
    const started = Date.now();
    const response = await fetch(h.api.url + path, {
      method: method.toUpperCase(),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: Error) => {
      // A request that hangs is the bug this file is about: report it with the others.
      if (error.name === 'TimeoutError') return undefined;
      throw error;
    });
    if (!response) return { status: 0, type: '', body: { detail: 'no answer within 10 s' }, ms: Date.now() - started };
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
  }

  beforeAll(async () => {
    h = await EngineHarness.start();
    await h.advanceTo('2027-01-04T08:00:00Z');
    admin = await h.person('Ada', ['admin'], { timeZone: 'UTC' });
    operator = await h.person('Opal', [], { timeZone: 'UTC' });
    await h.db.updateTable('people').set({ operator: true }).where('id', '=', operator.id).execute();
    pm = await h.person('Pat', ['programme_manager'], { timeZone: 'UTC', department: 'Quality' });
    owner = await h.person('Olu', ['action_owner'], { timeZone: 'UTC', department: 'Engineering' });
    auditor = await h.person('Aki', ['auditor'], { timeZone: 'UTC', department: 'Audit' });
    chair = await h.person('Cho', ['management'], { timeZone: 'UTC', department: 'Board' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    otherAimsId = (await h.call('POST', '/aims', pm.token, { name: 'Other AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    // An audit and a review open 20 working days before their dates: 8 February opens on 11 January.
    expect((await h.call('POST', `/aims/${aimsId}/programme`, pm.token, { cadence: 'quarterly', anchorDate: '2027-02-08' })).status).toBe(201);
    const inputOwners = { a: pm.id, b: owner.id, c: owner.id, d: auditor.id, e: auditor.id };
    expect(
      (await h.call('POST', `/aims/${aimsId}/reviews`, pm.token, { chairId: chair.id, attendeeIds: [pm.id], inputOwners, firstMeetingDate: '2027-02-08' }))
        .status,
    ).toBe(201);
    // A certified AIMS with one external audit on record, for cases that name it.
    const certification = (path: string, body: Json) => h.call('POST', `/aims/${aimsId}/certification${path}`, pm.token, body);
    expect((await certification('', { certificationBody: 'Cert Co' })).status).toBe(201);
    expect((await certification('/stage1', { date: '2026-10-05', outcome: 'passed' })).status).toBe(200);
    expect((await certification('/stage2', { date: '2026-11-09', outcome: 'passed' })).status).toBe(200);
    expect((await certification('/decision', { date: '2026-12-01' })).status).toBe(200);
    const surveillance = await certification('/external-audits', { kind: 'surveillance-1', date: '2027-01-04', outcome: 'passed', findings: [] });
    expect(surveillance.status).toBe(200);
    externalAuditId = surveillance.body.externalAudits[0].id;
    await h.advanceTo('2027-01-11T12:00:00Z');
    auditId = await waitFor('audit', async () => (await h.db.selectFrom('audits').select('id').where('aims_id', '=', aimsId).executeTakeFirst())?.id);
    reviewId = await waitFor('review', async () => (await h.db.selectFrom('reviews').select('id').where('aims_id', '=', aimsId).executeTakeFirst())?.id);
    const raised = await h.call('POST', '/cases', pm.token, {
      aimsId,
      title: 'Drift unmonitored',
      source: 'monitoring',
      severity: 'major',
      ownerId: owner.id,
      clauseRef: '9.2',
      auditId,
    });
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    taskId = raised.body.tasks[0].id;
    // An AI system with its first assessment open (no date given: it opens at once).
    const system = await h.call('POST', `/aims/${aimsId}/ai-systems`, pm.token, {
      name: 'Support bot',
      purpose: 'Answers customer questions',
      role: 'provider',
      ownerId: owner.id,
      riskOwnerId: pm.id,
      lifecycleStage: 'operation_and_monitoring',
      deploymentStatus: 'live',
      riskClassification: 'limited',
    });
    expect(system.status).toBe(201);
    aiSystemId = system.body.id;
    const document = await h.call('POST', `/aims/${aimsId}/documents`, pm.token, {
      title: 'AI policy',
      kind: 'policy',
      ownerId: owner.id,
      approverIds: [pm.id],
      addresses: ['A.2.2'],
    });
    expect(document.status).toBe(201);
    documentId = document.body.id;
    const supplier = await h.call('POST', `/aims/${aimsId}/suppliers`, pm.token, {
      name: 'ModelCo',
      kind: 'model_provider',
      criticality: 'high',
      ownerId: owner.id,
    });
    expect(supplier.status).toBe(201);
    supplierId = supplier.body.id;
    await quiet();
  }, 180_000);
  afterAll(async () => {
    await h?.stop();
  });

  const COMMANDS: Command[] = [
    {
      route: 'post /people',
      send: () => ({
        path: '/people',
        token: admin.token,
        body: {
          name: 'Grace Hopper',
          email: 'grace@example.org',
          timeZone: 'Europe/Berlin',
          department: 'Research',
          managerId: pm.id,
          roles: ['action_owner'],
        },
      }),
    },
    {
      route: 'patch /people/:id',
      send: () => ({
        path: `/people/${owner.id}`,
        token: admin.token,
        body: { name: 'Olu B.', email: 'olu.b@example.org', timeZone: 'Europe/Berlin', department: 'Research', managerId: pm.id, roles: ['action_owner'] },
      }),
    },
    {
      route: 'post /people/:id/deactivation',
      send: () => ({ path: `/people/${owner.id}/deactivation`, token: admin.token, body: { newOwnerId: pm.id, reason: 'Left' } }),
    },
    {
      route: 'post /people/import',
      send: () => ({ path: '/people/import', token: admin.token, body: { csv: 'name,email,zone,roles\nLin,lin@example.org,UTC,auditor', dryRun: true } }),
    },
    {
      route: 'post /organisations',
      send: () => ({
        path: '/organisations',
        token: operator.token,
        body: { name: 'Client Co', admin: { name: 'Carla', email: 'carla@client.example', timeZone: 'Europe/Berlin', department: 'Compliance' } },
      }),
    },
    {
      route: 'post /organisations/:id/deletion',
      send: () => ({
        path: `/organisations/${admin.organisation_id}/deletion`,
        token: operator.token,
        body: { confirmName: 'Default organisation', archiveSha256: 'ab'.repeat(32) },
      }),
    },
    {
      route: 'put /organisations/:id/settings',
      send: () => ({
        path: `/organisations/${admin.organisation_id}/settings`,
        token: admin.token,
        body: {
          senderName: 'Acme compliance',
          replyTo: 'compliance@example.org',
          defaultTimeZone: 'Europe/Berlin',
          defaultHolidayRegion: 'DE',
          defaultPolicy: { sendAt: '09:00' },
        },
      }),
    },
    { route: 'post /people/:id/tokens', send: () => ({ path: `/people/${owner.id}/tokens`, token: admin.token, body: { label: 'ci pipeline' } }) },
    { route: 'post /tokens', send: () => ({ path: '/tokens', token: owner.token, body: { label: 'my script', expiresOn: '2030-01-31' } }) },
    { route: 'delete /tokens/:id', nothing: 'path only' },
    {
      route: 'post /aims',
      send: () => ({
        path: '/aims',
        token: pm.token,
        body: {
          name: 'Third AIMS',
          scope: 'All models',
          timeZone: 'UTC',
          holidayRegion: 'DE',
          closedDays: ['2027-12-24'],
          programmeManagerId: pm.id,
          policy: { sendAt: '09:00' },
        },
      }),
    },
    {
      route: 'put /aims/:id',
      send: () => ({
        path: `/aims/${aimsId}`,
        token: pm.token,
        body: {
          name: 'Renamed AIMS',
          scope: 'All models',
          timeZone: 'UTC',
          holidayRegion: 'DE-BY',
          closedDays: ['2027-12-24'],
          programmeManagerId: pm.id,
          policy: { chaseEveryDays: 14 },
        },
      }),
    },
    {
      route: 'put /aims/:id/soa',
      send: () => ({
        path: `/aims/${aimsId}/soa`,
        token: pm.token,
        body: { entries: [{ controlId: 'A.10.4', applicable: false, justification: 'No AI suppliers' }] },
      }),
    },
    {
      route: 'post /cases',
      send: () => ({
        path: '/cases',
        token: pm.token,
        body: {
          aimsId,
          title: 'Model card missing',
          description: 'Found in review',
          source: 'internal_audit',
          severity: 'minor',
          ownerId: owner.id,
          clauseRef: 'A.6.2.4',
          auditId,
        },
      }),
    },
    {
      route: 'post /cases/:id/containment',
      send: () => ({ path: `/cases/${caseId}/containment`, token: owner.token, body: { correction: 'Alerts re-enabled' } }),
    },
    {
      route: 'post /cases/:id/root-cause',
      send: () => ({
        path: `/cases/${caseId}/root-cause`,
        token: owner.token,
        body: {
          method: 'five_whys',
          causes: ['No checklist'],
          similarExist: true,
          similarDetails: 'Two models',
          actions: [{ title: 'Add checklist', ownerId: owner.id, dueDate: '2027-02-01' }],
        },
      }),
    },
    {
      route: 'post /cases/:id/plan-decision',
      send: () => ({ path: `/cases/${caseId}/plan-decision`, token: pm.token, body: { approve: true, verifierId: auditor.id, comment: 'Sound plan' } }),
    },
    {
      route: 'post /cases/:id/actions/:actionId/completion',
      send: () => ({ path: `/cases/${caseId}/actions/${randomUUID()}/completion`, token: owner.token, body: { evidence: 'Checklist v3' } }),
    },
    {
      route: 'post /cases/:id/effectiveness',
      send: () => ({ path: `/cases/${caseId}/effectiveness`, token: auditor.token, body: { effective: true, evidence: 'No repeat' } }),
    },
    {
      route: 'post /cases/:id/evidence',
      nothing: 'a multipart file upload: its file name, bytes and step are refused by test/evidence/evidence-files.test.ts',
    },
    {
      route: 'post /audits/:id/evidence',
      nothing: 'a multipart file upload through the same route factory as cases: its step and type are refused by test/evidence/item-evidence.test.ts',
    },
    {
      route: 'post /reviews/:id/evidence',
      nothing: 'a multipart file upload through the same route factory as cases: its step and type are refused by test/evidence/item-evidence.test.ts',
    },
    {
      route: 'post /aims/:id/certification/evidence',
      nothing: 'a multipart file upload through the same route factory as cases: its step and type are refused by test/evidence/item-evidence.test.ts',
    },
    {
      route: 'post /ai-systems/:id/evidence',
      nothing: 'a multipart file upload through the same route factory as cases: its step and type are refused by test/evidence/item-evidence.test.ts',
    },
    {
      route: 'post /suppliers/:id/evidence',
      nothing: 'a multipart file upload through the same route factory as cases: its step and type are refused by test/evidence/item-evidence.test.ts',
    },
    { route: 'post /cases/:id/cancellation', send: () => ({ path: `/cases/${caseId}/cancellation`, token: pm.token, body: { reason: 'Duplicate' } }) },
    { route: 'post /cases/:id/reopening', send: () => ({ path: `/cases/${caseId}/reopening`, token: pm.token, body: { reason: 'Recurred' } }) },
    {
      route: 'post /tasks/:id/extension-requests',
      send: () => ({ path: `/tasks/${taskId}/extension-requests`, token: owner.token, body: { newDueDate: '2027-03-01', reason: 'Supplier late' } }),
    },
    {
      route: 'post /tasks/:id/extension-requests/:requestId/decision',
      send: () => ({ path: `/tasks/${taskId}/extension-requests/${randomUUID()}/decision`, token: pm.token, body: { approve: true, comment: 'Fine' } }),
    },
    {
      route: 'post /tasks/:id/reassignment',
      send: () => ({ path: `/tasks/${taskId}/reassignment`, token: pm.token, body: { ownerId: auditor.id, reason: 'On leave' } }),
    },
    {
      route: 'post /aims/:id/programme',
      send: () => ({ path: `/aims/${otherAimsId}/programme`, token: pm.token, body: { cadence: 'monthly', anchorDate: '2027-06-01' } }),
    },
    {
      route: 'post /aims/:id/evidence-packages',
      send: () => ({
        path: `/aims/${aimsId}/evidence-packages`,
        token: pm.token,
        body: { kind: 'stage1', asOf: '2026-12-01T00:00:00Z', periodStart: '2026-01-01' },
      }),
    },
    { route: 'post /aims/:id/programme/pause', send: () => ({ path: `/aims/${aimsId}/programme/pause`, token: pm.token, body: { reason: 'Merger' } }) },
    { route: 'post /aims/:id/programme/resume', send: () => ({ path: `/aims/${aimsId}/programme/resume`, token: pm.token, body: { reason: 'Merger done' } }) },
    {
      route: 'post /aims/:id/programme/occurrences/:index/move',
      send: () => ({ path: `/aims/${aimsId}/programme/occurrences/2/move`, token: pm.token, body: { fieldworkStart: '2027-09-01', reason: 'Auditor away' } }),
    },
    {
      route: 'post /aims/:id/programme/occurrences/:index/skip',
      send: () => ({ path: `/aims/${aimsId}/programme/occurrences/2/skip`, token: pm.token, body: { reason: 'Reorganisation' } }),
    },
    {
      route: 'post /aims/:id/programme/cadence',
      send: () => ({
        path: `/aims/${aimsId}/programme/cadence`,
        token: pm.token,
        body: { cadence: 'semi-annual', anchorDate: '2027-09-01', reason: 'Fewer audits' },
      }),
    },
    {
      route: 'post /audits/:id/team',
      send: () => ({ path: `/audits/${auditId}/team`, token: pm.token, body: { leadAuditorId: auditor.id, auditeeIds: [owner.id, chair.id] } }),
    },
    {
      route: 'post /audits/:id/results',
      send: () => ({
        path: `/audits/${auditId}/results`,
        token: pm.token,
        body: { results: [{ itemId: '9.2', result: 'minor_nc', evidence: 'Plan late', ownerId: owner.id }] },
      }),
    },
    { route: 'post /audits/:id/fieldwork-completion', nothing: 'empty body' },
    { route: 'post /audits/:id/report', send: () => ({ path: `/audits/${auditId}/report`, token: pm.token, body: { summary: 'One minor nonconformity' } }) },
    {
      route: 'post /aims/:id/certification',
      send: () => ({ path: `/aims/${otherAimsId}/certification`, token: pm.token, body: { certificationBody: 'Cert Co' } }),
    },
    {
      route: 'post /aims/:id/certification/body',
      send: () => ({ path: `/aims/${aimsId}/certification/body`, token: pm.token, body: { name: 'Other Cert Co' } }),
    },
    {
      route: 'post /aims/:id/certification/stage1',
      send: () => ({ path: `/aims/${aimsId}/certification/stage1`, token: pm.token, body: { date: '2026-10-05', outcome: 'passed' } }),
    },
    {
      route: 'post /aims/:id/certification/stage2',
      send: () => ({ path: `/aims/${aimsId}/certification/stage2`, token: pm.token, body: { date: '2026-11-09', outcome: 'passed' } }),
    },
    {
      route: 'post /aims/:id/certification/decision',
      send: () => ({ path: `/aims/${aimsId}/certification/decision`, token: pm.token, body: { date: '2026-12-01' } }),
    },
    {
      route: 'post /aims/:id/certification/external-audits',
      send: () => ({
        path: `/aims/${aimsId}/certification/external-audits`,
        token: pm.token,
        body: {
          kind: 'surveillance-2',
          date: '2027-01-11',
          outcome: 'failed',
          findings: [{ item: 'A.6.2.4', severity: 'minor', ownerId: owner.id, description: 'No verification records' }],
        },
      }),
    },
    {
      route: 'post /aims/:id/certification/restore',
      send: () => ({ path: `/aims/${aimsId}/certification/restore`, token: pm.token, body: { date: '2027-01-04', reason: 'Recertified late' } }),
    },
    { route: 'post /aims/:id/certification/tasks/:taskId/complete', nothing: 'empty body' },
    {
      route: 'post /aims/:id/external-auditors',
      send: () => ({
        path: `/aims/${aimsId}/external-auditors`,
        token: pm.token,
        body: { name: 'Erin Extern', email: 'erin@cert.example', audit: 'stage2', from: '2027-02-01', until: '2027-02-12' },
      }),
    },
    { route: 'post /aims/:id/external-auditors/:grantId/revocation', nothing: 'path only' },
    {
      route: 'post /aims/:id/reviews',
      send: () => ({
        path: `/aims/${otherAimsId}/reviews`,
        token: pm.token,
        body: {
          chairId: chair.id,
          attendeeIds: [pm.id],
          inputOwners: { a: pm.id, b: owner.id, c: owner.id, d: auditor.id, e: auditor.id },
          firstMeetingDate: '2027-06-15',
          intervalMonths: 12,
        },
      }),
    },
    {
      route: 'post /reviews/:id/inputs/:inputId',
      send: () => ({ path: `/reviews/${reviewId}/inputs/b`, token: owner.token, body: { text: 'Feedback from interested parties' } }),
    },
    {
      route: 'post /reviews/:id/meeting',
      send: () => ({
        path: `/reviews/${reviewId}/meeting`,
        token: chair.token,
        body: {
          attendeeIds: [pm.id, chair.id],
          minutes: 'Reviewed the AIMS',
          decisions: [{ kind: 'improvement', text: 'Automate drift checks', action: { title: 'Drift job', ownerId: owner.id, dueDate: '2027-04-01' } }],
        },
      }),
    },
    { route: 'post /reviews/:id/approval', nothing: 'empty body' },
    {
      route: 'post /reviews/:id/actions/:taskId/completion',
      send: () => ({ path: `/reviews/${reviewId}/actions/${randomUUID()}/completion`, token: owner.token, body: { evidence: 'Job deployed' } }),
    },
    {
      route: 'post /aims/:id/ai-systems',
      send: () => ({
        path: `/aims/${otherAimsId}/ai-systems`,
        token: pm.token,
        body: {
          name: 'Credit scorer',
          purpose: 'Scores loan applications',
          role: 'developer',
          ownerId: owner.id,
          riskOwnerId: pm.id,
          lifecycleStage: 'deployment',
          deploymentStatus: 'pilot',
          intendedUsers: 'Loan officers',
          affectedPeople: 'Applicants',
          dataUsed: ['Credit bureau records'],
          thirdPartyComponents: ['Gradient boosting library'],
          suppliers: ['Bureau Ltd'],
          riskClassification: 'high',
          firstAssessmentDue: '2027-06-01',
        },
      }),
    },
    {
      route: 'post /ai-systems/:id/update',
      send: () => ({ path: `/ai-systems/${aiSystemId}/update`, token: pm.token, body: { name: 'Support bot 2', ownerId: owner.id, suppliers: ['Acme'] } }),
    },
    {
      route: 'post /ai-systems/:id/significant-changes',
      send: () => ({
        path: `/ai-systems/${aiSystemId}/significant-changes`,
        token: pm.token,
        body: { kind: 'model_version', description: 'Model 4 replaces 3' },
      }),
    },
    { route: 'post /ai-systems/:id/retire', send: () => ({ path: `/ai-systems/${aiSystemId}/retire`, token: pm.token, body: { reason: 'Replaced' } }) },
    {
      route: 'post /ai-systems/:id/risk-assessment',
      send: () => ({
        path: `/ai-systems/${aiSystemId}/risk-assessment`,
        token: owner.token,
        body: {
          risks: [
            {
              source: 'Training data',
              description: 'Biased answers',
              likelihood: 3,
              consequence: 4,
              controls: ['A.6.2.4'],
              treatment: 'treat',
              actions: [{ title: 'Bias test suite', ownerId: owner.id, dueDate: '2027-03-01' }],
              residualLikelihood: 2,
              residualConsequence: 2,
            },
          ],
        },
      }),
    },
    {
      route: 'post /ai-systems/:id/impact-assessment',
      send: () => ({
        path: `/ai-systems/${aiSystemId}/impact-assessment`,
        token: owner.token,
        body: {
          impacts: [
            { dimension: 'fairness', subjects: ['groups'], description: 'Worse answers in some languages', severity: 3, likelihood: 2, mitigations: 'Tests' },
          ],
        },
      }),
    },
    {
      route: 'post /ai-systems/:id/nonconformities',
      send: () => ({
        path: `/ai-systems/${aiSystemId}/nonconformities`,
        token: pm.token,
        body: { title: 'No bias monitoring', description: 'Found in the risk assessment', severity: 'minor', ownerId: owner.id, clauseRef: 'A.6.2.6' },
      }),
    },
    { route: 'post /ai-systems/:id/approvals/:kind', nothing: 'empty body' },
    { route: 'post /ai-systems/:id/treatment-actions/:taskId/complete', nothing: 'empty body' },
    {
      route: 'post /aims/:id/documents',
      send: () => ({
        path: `/aims/${otherAimsId}/documents`,
        token: pm.token,
        body: { title: 'Data procedure', kind: 'procedure', ownerId: owner.id, approverIds: [pm.id], addresses: ['A.7.4', '7.5'], reviewMonths: 6 },
      }),
    },
    {
      route: 'post /documents/:id/update',
      send: () => ({
        path: `/documents/${documentId}/update`,
        token: pm.token,
        body: { title: 'AI policy (2)', approverIds: [pm.id, chair.id], addresses: ['A.2.3'] },
      }),
    },
    {
      route: 'post /documents/:id/versions',
      send: () => ({
        path: `/documents/${documentId}/versions`,
        token: owner.token,
        body: {
          link: 'https://intranet.example.org/ai-policy',
          changeSummary: 'First version',
          toBeAcknowledged: true,
          audience: { roles: ['auditor'], departments: ['Engineering'], personIds: [chair.id] },
        },
      }),
    },
    {
      route: 'post /documents/:id/files',
      nothing:
        'a multipart file upload: its size, emptiness and type are refused by test/documents/version-files.test.ts (and its file name by test/evidence/evidence-files.test.ts)',
    },
    { route: 'post /documents/:id/approve', nothing: 'empty body' },
    { route: 'post /documents/:id/reject', send: () => ({ path: `/documents/${documentId}/reject`, token: pm.token, body: { reason: 'Too vague' } }) },
    { route: 'post /documents/:id/acknowledgements', nothing: 'empty body' },
    { route: 'post /documents/:id/retire', send: () => ({ path: `/documents/${documentId}/retire`, token: pm.token, body: { reason: 'Replaced' } }) },
    {
      route: 'post /aims/:id/suppliers',
      send: () => ({
        path: `/aims/${aimsId}/suppliers`,
        token: pm.token,
        body: {
          name: 'DataCo',
          kind: 'data_supplier',
          criticality: 'critical',
          ownerId: owner.id,
          description: 'Training data',
          aiSystemIds: [aiSystemId],
          firstReviewDue: '2027-06-01',
        },
      }),
    },
    {
      route: 'post /suppliers/:id/update',
      send: () => ({ path: `/suppliers/${supplierId}/update`, token: pm.token, body: { name: 'ModelCo 2', ownerId: owner.id, aiSystemIds: [aiSystemId] } }),
    },
    {
      route: 'post /suppliers/:id/reviews',
      send: () => ({
        path: `/suppliers/${supplierId}/reviews`,
        token: owner.token,
        body: { outcome: 'fail', findings: 'No notice of change', ncSeverity: 'minor' },
      }),
    },
    { route: 'post /suppliers/:id/retire', send: () => ({ path: `/suppliers/${supplierId}/retire`, token: pm.token, body: { reason: 'Replaced' } }) },
    { route: 'post /feeds/token', nothing: 'no body' },
    { route: 'post /attention/:id/retry', nothing: 'no body; a malformed id is the malformed-requests test' },
    { route: 'delete /feeds/token', nothing: 'no body' },
    { route: 'delete /people/:id/feed-token', nothing: 'path only' },
  ];

  /** Filters that reads take: free text and ids, each a string field. */
  const QUERIES: { route: string; query: () => Record<string, string>; path?: () => string }[] = [
    { route: 'get /cases', query: () => ({ aimsId, ownerId: owner.id, severity: 'major' }) },
    { route: 'get /tasks', query: () => ({ ownerId: owner.id }) },
    {
      route: 'get /overdue',
      query: () => ({
        aimsId,
        ownerId: owner.id,
        department: 'Engineering',
        limit: '5',
        cursor: encodeCursor({ groupBy: 'owner', rank: -1, name: 'Olli', groupKey: owner.id, daysLate: 3, dueDate: '2027-01-04', id: randomUUID() }),
      }),
    },
    { route: 'get /overdue/trend', query: () => ({ aimsId, weeks: '12' }) },
    { route: 'get /audits', query: () => ({ aimsId }) },
    { route: 'get /reviews', query: () => ({ aimsId }) },
    { route: 'get /attention', query: () => ({ include: 'resolved' }) },
    { route: 'get /tokens', query: () => ({ personId: pm.id, all: 'false' }) },
    { route: 'get /exports/nc-register.csv', query: () => ({ aimsId, ownerId: owner.id, severity: 'major' }) },
    { route: 'get /exports/nc-register.xlsx', query: () => ({ aimsId, ownerId: owner.id, severity: 'major' }) },
    { route: 'get /exports/overdue.csv', query: () => ({ aimsId, ownerId: owner.id, department: 'Engineering' }) },
    { route: 'get /exports/overdue.pdf', query: () => ({ aimsId, ownerId: owner.id, department: 'Engineering' }) },
    ...(['get /aims/:id/audit-trail', 'get /aims/:id/audit-trail.csv'] as const).map((route) => ({
      route,
      query: () => ({ itemId: aimsId, actorId: pm.id, from: '2026-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' }),
      path: () => route.slice(4).replace(':id', aimsId),
    })),
    { route: 'get /documents/:id/acknowledgements', query: () => ({ version: '1' }), path: () => `/documents/${documentId}/acknowledgements` },
  ];

  it('has an entry for every command route of the API and every read that takes a query', () => {
    const commands = allRoutes.filter((r) => r.method !== 'get').map((r) => `${r.method} ${r.path}`);
    expect(COMMANDS.map((c) => c.route).sort()).toEqual([...commands].sort());
    const queried = allRoutes.filter((r) => r.method === 'get' && r.query).map((r) => `${r.method} ${r.path}`);
    expect(QUERIES.map((q) => q.route).sort()).toEqual([...queried].sort());
    for (const c of COMMANDS) expect(Boolean(c.send) !== Boolean(c.nothing), c.route).toBe(true);
    // A route marked as having nothing to poison really takes no string.
    for (const c of COMMANDS.filter((c) => c.nothing)) expect(routeOf(c.route).body?.safeParse({}).success ?? true, c.route).toBe(true);
  });

  /**
   * The footprint the command test that ran just before took after its refusals: the record as it
   * is (each footprint waits for the engine to settle), so the next command test starts from it
   * instead of settling and hashing again. Taken by the test numbered `test`.
   */
  let carried: { test: number; footprint: Awaited<ReturnType<typeof footprint>> } | undefined;
  let testsStarted = 0;
  beforeEach(() => {
    testsStarted += 1;
  });

  it.each(COMMANDS.filter((c) => c.send).map((c) => [c.route, c] as const))(
    '%s: refuses each poison in each field at once, changing nothing',
    async (_route, command) => {
      const route = routeOf(command.route);
      const { path, token, body } = command.send!();
      // The body is valid as it stands, so a refusal below is the poison's doing.
      expect(route.body!.safeParse(body).error?.issues ?? []).toEqual([]);
      const leaves = stringLeaves(body);
      expect(leaves.length).toBeGreaterThan(0);
      // Only from the test just before (run alone, or after another kind of test, it takes its own).
      const before = carried?.test === testsStarted - 1 ? carried.footprint : await footprint();
      carried = undefined;
      const failures: string[] = [];
      for (const leaf of leaves) {
        const field = ['body', ...leaf.path].join('.');
        // Free text takes any character but the poison; a token (an enum, a zone) fails on any change, for its own reason.
        const freeText = route.body!.safeParse(replaced(body, leaf.path, leaf.value.slice(0, 1) + 'x' + leaf.value.slice(1))).success;
        for (const poison of poisonsFor(leaf.value)) {
          const answer = await send(route.method, path, token, replaced(body, leaf.path, poison.value(leaf.value)));
          const named = (answer.body?.errors ?? []).filter((e: { field: string }) => e.field === field);
          const checkReason = freeText || !TEXT_POISONS.includes(poison);
          const ok =
            answer.status >= 400 &&
            answer.status < 500 &&
            answer.type.startsWith('application/problem+json') &&
            answer.ms < 5_000 &&
            named.length > 0 &&
            (!checkReason || named.some((e: { reason: string }) => poison.reason.test(e.reason)));
          if (!ok) failures.push(`${field} ← ${poison.name}: ${answer.status} in ${answer.ms} ms ${JSON.stringify(answer.body)}`);
        }
      }
      expect(failures).toEqual([]);
      const after = await footprint();
      carried = { test: testsStarted, footprint: after };
      expect(after).toEqual(before);
    },
  );

  // A URL cannot carry a lone surrogate (percent-encoding is of UTF-8, which has none; a browser
  // sends U+FFFD), so queries get the control characters only.
  const QUERY_POISONS = TEXT_POISONS.filter((p) => p.reason === CONTROL);

  it.each(QUERIES.map((q) => [q.route, q] as const))('%s: refuses control characters in its query', async (_route, read) => {
    const route = routeOf(read.route);
    const query = read.query();
    expect(route.query!.safeParse(query).success).toBe(true);
    const failures: string[] = [];
    for (const [key, value] of Object.entries(query)) {
      for (const poison of QUERY_POISONS) {
        const answer = await send(
          'get',
          `${read.path?.() ?? route.path}?${new URLSearchParams({ ...query, [key]: poison.value(value) })}`,
          pm.token,
          undefined,
        );
        if (answer.status !== 422 || !(answer.body?.errors ?? []).some((e: { field: string }) => e.field === `query.${key}`))
          failures.push(`${key} ← ${poison.name}: ${answer.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a line break in a name, which would otherwise reach calendar feeds as raw lines', async () => {
    const injected = 'Acme\r\nBEGIN:VEVENT\r\nSUMMARY:Injected';
    const aims = await h.call('POST', '/aims', pm.token, { name: injected, timeZone: 'UTC', programmeManagerId: pm.id });
    expect(aims.status).toBe(422);
    expect(aims.body.errors).toEqual([{ field: 'body.name', reason: 'must not contain control characters' }]);
    const person = await h.call('POST', '/people', admin.token, { name: injected, email: 'eve@example.org', timeZone: 'UTC', roles: ['action_owner'] });
    expect(person.status).toBe(422);
    expect(person.body.errors).toEqual([{ field: 'body.name', reason: 'must not contain control characters' }]);
  });

  it('refuses a programme anchored and a review meeting in year 9999 before anything starts, and takes the last day of the range', async () => {
    const programme = await h.call('POST', `/aims/${otherAimsId}/programme`, pm.token, { cadence: 'quarterly', anchorDate: '9999-12-31' });
    expect(programme.status).toBe(422);
    expect(programme.body.errors).toEqual([{ field: 'body.anchorDate', reason: 'must lie between 1970-01-01 and 2199-12-31' }]);
    await expect(h.env.client.workflow.getHandle(programmeWorkflowId(otherAimsId)).describe()).rejects.toThrow(/not found/i);
    expect((await h.call('GET', `/aims/${otherAimsId}/programme`, pm.token)).status).toBe(404);

    const review = await h.call('POST', `/aims/${otherAimsId}/reviews`, pm.token, {
      chairId: chair.id,
      attendeeIds: [],
      inputOwners: { a: pm.id, b: pm.id, c: pm.id, d: pm.id, e: pm.id },
      firstMeetingDate: '9999-06-15',
    });
    expect(review.status).toBe(422);
    expect(review.body.errors).toEqual([{ field: 'body.firstMeetingDate', reason: 'must lie between 1970-01-01 and 2199-12-31' }]);
    await expect(h.env.client.workflow.getHandle(reviewCycleWorkflowId(otherAimsId)).describe()).rejects.toThrow(/not found/i);

    // The last day of the range is a date like any other: the programme starts and reads back.
    const last = await h.call('POST', `/aims/${otherAimsId}/programme`, pm.token, { cadence: 'quarterly', anchorDate: DATE_MAX });
    expect(last.status).toBe(201);
    expect(last.body.upcoming[0]).toMatchObject({ index: 0, fieldworkStart: DATE_MAX, status: 'planned' });
    expect((await h.call('GET', `/aims/${otherAimsId}/programme`, pm.token)).status).toBe(200);
  });

  it("takes a case's audit only from its own AIMS, internal or external", async () => {
    const raise = (aims: string, audit: string) =>
      h.call('POST', '/cases', pm.token, { aimsId: aims, title: 'Finding', source: 'internal_audit', severity: 'minor', ownerId: owner.id, auditId: audit });
    const elsewhere = await raise(otherAimsId, auditId);
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors).toEqual([{ field: 'body.auditId', reason: 'no such audit of this AIMS' }]);
    expect((await raise(otherAimsId, externalAuditId)).status).toBe(422);
    const internal = await raise(aimsId, auditId);
    expect(internal.status).toBe(201);
    expect(internal.body.auditId).toBe(auditId);
    const external = await raise(aimsId, externalAuditId);
    expect(external.status).toBe(201);
    expect(external.body.auditId).toBe(externalAuditId);
    // Cases with a clause reference leave the programme readable (a bad one once broke it).
    expect((await h.call('GET', `/aims/${aimsId}/programme`, pm.token)).status).toBe(200);
  });

  it('shows a refused field on the page that posted it, not a 500', async () => {
    // Signed in first: a session is a row of its own, made before the footprint is taken.
    const sessions = new Map([
      [pm.token, await webSession(h.api.url, pm.token)],
      [owner.token, await webSession(h.api.url, owner.token)],
    ]);
    const post = (path: string, token: string, form: Record<string, string>) =>
      fetch(`${h.api.url}/ui${path}`, {
        method: 'POST',
        headers: { cookie: sessions.get(token)!.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: sessions.get(token)!.form(form),
        redirect: 'manual',
      });
    await quiet(); // the cases raised by the test before this one are still sending their first emails
    const before = await footprint();
    // A programme manager's command on an item page…
    const cancelled = await post(`/cases/${caseId}/cancellation`, pm.token, { reason: 'Dup\u0000licate', back: `/ui/cases/${caseId}` });
    expect(cancelled.status).toBe(422);
    expect(await cancelled.text()).toContain('reason: must not contain control characters');
    // …and an owner's step from the inbox, shown beside the task.
    const submitted = await post(`/tasks/${taskId}/submission`, owner.token, { correction: 'Alerts\u0007 re-enabled' });
    expect(submitted.status).toBe(422);
    expect(await submitted.text()).toContain('correction: must not contain control characters other than line breaks and tabs');
    expect(await footprint()).toEqual(before);
  });
});
