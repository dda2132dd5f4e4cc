import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMembership } from '../../db/repositories/memberships.repository';
import { organisationDeletionWorkflowId } from '../../domain/organisation-deletion';
import { verifyTrailChain } from '../../services/audit-trail-verification';
import { newMember, newOrganisation, type Member } from '../access/seed-organisation';
import { EngineHarness } from '../support/engine-harness';

// Issue #17 "Leaving": the operator takes an organisation's archive, then deletes it. Two
// organisations run side by side on the real dev server (search attributes on) and PostgreSQL:
// each with an AIMS, a case waiting on its timers with an evidence file, a certification, an AI
// system, a document, settings changed and tokens issued. A consultant whose home is A is also a
// member of B; someone of B is also a member of A. After A's deletion nothing of A is left (every
// table with an aims_id or organisation_id column, its people, its workflows), B is as it was and
// its chains verify, the consultant keeps B only, and the deletion is recorded. The deletion is
// driven through a failure mid-way (a row of A held locked, so a batch fails) and finishes.

interface Org {
  id: string;
  admin: Member;
  pm: Member;
  owner: Member;
  aimsId: string;
  caseId: string;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('deleting an organisation after taking its archive', () => {
  let h: EngineHarness;
  let a: Org, b: Org;
  let operator: Member;
  let operatorsHome: string;
  /** Home A, also organisation-wide management in B. */
  let consultant: Member;
  /** Home B, also an auditor in A. */
  let visitor: Member;
  let aPeople: string[];
  let bBefore: Record<string, number>;
  let bRunningBefore: string[];
  /** Ends the transaction that holds A's case row locked (also on a failed test, so the run can end). */
  let release: () => void = () => {};

  /** Every (table, column) named aims_id or organisation_id: the tables an organisation's record lives in. */
  async function recordColumns() {
    const rows = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
       where c.table_schema = current_schema() and c.column_name in ('aims_id', 'organisation_id') and c.table_name <> 'organisation_deletions'
       order by 1, 2`.execute(h.db);
    return rows.rows;
  }

  /** Rows per table naming one of these ids in an aims_id or organisation_id column. */
  async function rowsNaming(ids: string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const { table_name: table, column_name: column } of await recordColumns()) {
      const row = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)}::text = any(${ids}::text[])`.execute(h.db);
      counts[`${table}.${column}`] = Number(row.rows[0]!.n);
    }
    return counts;
  }

  async function running(organisationId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const w of h.env.client.workflow.list({ query: `AimsOrganisationId = '${organisationId}' AND ExecutionStatus = 'Running'` }))
      ids.push(w.workflowId);
    return ids.sort();
  }

  /** Polls until `check` holds (visibility and the deletion run on their own). */
  async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    let value = await read();
    while (!check(value) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      value = await read();
    }
    return value;
  }

  async function seed(name: string): Promise<Org> {
    const id = await newOrganisation(h.db, name);
    const admin = await newMember(h.db, id, ['admin'], `admin-${name}`);
    const pm = await newMember(h.db, id, ['programme_manager', 'management'], `pm-${name}`);
    const owner = await newMember(h.db, id, ['action_owner'], `owner-${name}`);
    const settings = await h.call('PUT', `/organisations/${id}/settings`, admin.token, {
      senderName: `${name} compliance`,
      replyTo: null,
      defaultTimeZone: 'Europe/Berlin',
      defaultHolidayRegion: null,
      defaultPolicy: {},
    });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    expect((await h.call('POST', '/tokens', owner.token, { label: 'laptop' })).status).toBe(201);
    expect((await h.call('POST', '/feeds/token', owner.token)).status).toBe(201);
    const aims = await h.call('POST', '/aims', pm.token, { name: `AIMS of ${name}`, timeZone: 'UTC', programmeManagerId: pm.id });
    expect(aims.status, JSON.stringify(aims.body)).toBe(201);
    const aimsId = aims.body.id as string;
    const raised = await h.call('POST', '/cases', pm.token, { aimsId, title: `Finding of ${name}`, source: 'incident', severity: 'minor', ownerId: owner.id });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(`evidence of ${name}\n`)]), `${name}.txt`);
    const upload = await fetch(`${h.api.url}/cases/${raised.body.id}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}` },
      body: form,
    });
    expect(upload.status).toBe(201);
    expect((await h.call('POST', `/aims/${aimsId}/certification`, pm.token, {})).status).toBe(201);
    const system = await h.call('POST', `/aims/${aimsId}/ai-systems`, pm.token, {
      name: `Bot of ${name}`,
      purpose: 'Answers questions',
      role: 'provider',
      ownerId: owner.id,
      riskOwnerId: pm.id,
      lifecycleStage: 'operation_and_monitoring',
      deploymentStatus: 'live',
      riskClassification: 'limited',
    });
    expect(system.status, JSON.stringify(system.body)).toBe(201);
    const document = await h.call('POST', `/aims/${aimsId}/documents`, pm.token, {
      title: `Policy of ${name}`,
      kind: 'policy',
      ownerId: owner.id,
      approverIds: [pm.id],
      addresses: ['A.2.2'],
    });
    expect(document.status, JSON.stringify(document.body)).toBe(201);
    return { id, admin, pm, owner, aimsId, caseId: raised.body.id as string };
  }

  async function download(organisationId: string, token: string) {
    const response = await fetch(`${h.api.url}/organisations/${organisationId}/export.zip`, { headers: { authorization: `Bearer ${token}` } });
    const zip = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, sha256: sha256(zip), digest: response.headers.get('repr-digest') };
  }

  const deletion = (organisationId: string, token: string, body: unknown) => h.call('POST', `/organisations/${organisationId}/deletion`, token, body);

  beforeAll(async () => {
    h = await EngineHarness.start({ server: 'dev' });
    a = await seed('Acme');
    b = await seed('Bolt');
    consultant = await newMember(h.db, a.id, ['auditor'], 'consultant');
    await insertMembership(h.db, { personId: consultant.id, organisationId: b.id, aimsId: null, role: 'management' });
    visitor = await newMember(h.db, b.id, ['action_owner'], 'visitor');
    await insertMembership(h.db, { personId: visitor.id, organisationId: a.id, aimsId: null, role: 'auditor' });
    operatorsHome = await newOrganisation(h.db, 'Operators');
    operator = await newMember(h.db, operatorsHome, [], 'operator');
    await h.db.updateTable('people').set({ operator: true }).where('id', '=', operator.id).execute();
    aPeople = (await h.db.selectFrom('people').select('id').where('organisation_id', '=', a.id).execute())
      .map((p) => p.id)
      .filter((id) => id !== consultant.id);
    bRunningBefore = await eventually(
      () => running(b.id),
      (ids) => ids.length >= 5,
    );
    expect(
      await eventually(
        () => running(a.id),
        (ids) => ids.length >= 5,
      ),
    ).toHaveLength(bRunningBefore.length);
  }, 180_000);
  afterAll(async () => {
    release();
    await h?.stop();
  });

  it('is refused without the archive, without the name, to anyone but the operator and for an unknown organisation', async () => {
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    const noArchive = await deletion(a.id, operator.token, { confirmName: 'Acme', archiveSha256: 'a'.repeat(64) });
    expect([noArchive.status, noArchive.body.detail]).toEqual([409, expect.stringContaining('no archive')]);
    expect((await deletion(a.id, a.admin.token, { confirmName: 'Acme', archiveSha256: 'a'.repeat(64) })).status).toBe(403);
    expect((await download(a.id, a.admin.token)).status).toBe(403);
    expect((await deletion(unknown, operator.token, { confirmName: 'Acme', archiveSha256: 'a'.repeat(64) })).status).toBe(404);
    expect((await download(unknown, operator.token)).status).toBe(404);

    // The operator takes the archive; its sha256 is the download's Repr-Digest, and the download is recorded.
    const first = await download(a.id, operator.token);
    expect(first.status).toBe(200);
    expect(first.digest).toBe(`sha-256=:${Buffer.from(first.sha256, 'hex').toString('base64')}:`);
    const missing = await deletion(a.id, operator.token, { archiveSha256: first.sha256 });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.body)).toContain('body.confirmName');
    const wrongName = await deletion(a.id, operator.token, { confirmName: 'Bolt', archiveSha256: first.sha256 });
    expect(wrongName.status).toBe(422);
    expect(JSON.stringify(wrongName.body)).toContain("must repeat the organisation's name");

    // A change after the archive needs a new one; then only the latest archive's sha256 will do.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await h.call('POST', '/tokens', a.owner.token, { label: 'phone' })).status).toBe(201);
    const stale = await deletion(a.id, operator.token, { confirmName: 'Acme', archiveSha256: first.sha256 });
    expect([stale.status, stale.body.detail]).toEqual([409, expect.stringContaining('take a new archive')]);
    const second = await download(a.id, operator.token);
    const notLatest = await deletion(a.id, operator.token, {
      confirmName: 'Acme',
      archiveSha256: first.sha256 === second.sha256 ? 'b'.repeat(64) : first.sha256,
    });
    expect([notLatest.status, notLatest.body.detail]).toEqual([409, expect.stringContaining('not the organisation')]);
    // Nothing was started or marked by any refusal.
    expect(await h.db.selectFrom('organisation_deletions').selectAll().execute()).toEqual([]);
    expect((await h.call('GET', `/aims/${a.aimsId}`, a.pm.token)).status).toBe(200);
  });

  it('erases everything of A, resuming after a batch failed mid-way, and leaves B as it was', async () => {
    const archive = await download(a.id, operator.token);
    expect(archive.status).toBe(200);
    const bIds = [b.id, b.aimsId];
    bBefore = await rowsNaming(bIds);
    const bPeopleBefore = await h.db.selectFrom('people').selectAll().where('organisation_id', '=', b.id).orderBy('id').execute();
    const bEntriesBefore = await h.db
      .selectFrom('audit_trail')
      .select('id')
      .where((eb) => eb.or([eb('aims_id', '=', b.aimsId), eb('organisation_id', '=', b.id)]))
      .execute();

    // Hold A's case row locked, as a stuck writer would: the erasure's batch on nc_cases fails
    // (lock timeout), after the tables before it are already erased; the activity is retried.
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = h.db.transaction().execute(async (trx) => {
      await sql`select id from nc_cases where id = ${a.caseId} for update`.execute(trx);
      locked();
      await released;
    });
    await isLocked;

    const accepted = await deletion(a.id, operator.token, { confirmName: 'Acme', archiveSha256: archive.sha256.toUpperCase() });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ organisationId: a.id, status: 'deleting', archiveSha256: archive.sha256, aimsIds: [a.aimsId] });
    // At once, A is out of everyone's reach: its own people now hold no role anywhere (403 before
    // any item is looked at); a member of B asking for A's AIMS gets the unknown id's 404.
    expect((await h.call('GET', `/aims/${a.aimsId}`, a.pm.token)).status).toBe(403);
    expect((await h.call('GET', `/organisations/${a.id}/settings`, a.admin.token)).status).toBe(403);
    expect((await h.call('GET', `/aims/${a.aimsId}`, visitor.token)).status).toBe(404);
    expect((await h.call('GET', `/aims/${a.aimsId}`, consultant.token)).status).toBe(404);

    const handle = h.env.client.workflow.getHandle(organisationDeletionWorkflowId(a.id));
    const retried = await eventually(
      async () => (await handle.describe()).raw.pendingActivities?.[0],
      (pending) => Number(pending?.attempt ?? 0) >= 2,
      30_000,
    );
    expect(retried?.activityType?.name).toBe('eraseOrganisationRecord');
    const midway = await h.call('GET', `/organisations/${a.id}/deletion`, operator.token);
    expect(midway.body.status).toBe('deleting');
    expect(midway.body.rows.evidence_files).toBe(1);
    expect(await h.db.selectFrom('nc_cases').select('id').where('id', '=', a.caseId).execute()).toHaveLength(1);
    release();
    await holder;

    const done = await eventually(
      () => h.call('GET', `/organisations/${a.id}/deletion`, operator.token),
      (r) => r.body.status === 'deleted',
    );
    expect(done.body).toMatchObject({ status: 'deleted', name: 'Acme', peopleKept: 1, archiveSha256: archive.sha256 });
    expect(done.body.rows).toMatchObject({
      evidence_files: 1,
      evidence_blobs: 1,
      nc_cases: 1,
      ai_systems: 1,
      documents: 1,
      certifications: 1,
      aims: 1,
      organisations: 1,
    });
    expect(done.body.rows.people).toBe(aPeople.length);
    expect(done.body.workflowsTerminated).toBeGreaterThanOrEqual(5);
    // The record of the deletion keeps no one's name or email.
    expect(JSON.stringify(done.body)).not.toContain('@');

    // Nothing of A is left: no row naming it or its AIMS, none of its people, no trail entry by them.
    const left = await rowsNaming([a.id, a.aimsId]);
    expect(Object.entries(left).filter(([, n]) => n > 0)).toEqual([]);
    expect(Object.keys(left)).toEqual(
      expect.arrayContaining(['audit_trail.aims_id', 'audit_trail.organisation_id', 'people.organisation_id', 'memberships.organisation_id']),
    );
    expect(await h.db.selectFrom('people').select('id').where('id', 'in', aPeople).execute()).toEqual([]);
    expect(await h.db.selectFrom('audit_trail').select('id').where('actor_id', 'in', aPeople).execute()).toEqual([]);
    expect(await h.db.selectFrom('organisations').select('id').where('id', '=', a.id).execute()).toEqual([]);
    // The heads of its chains (its AIMS's and its own record's) went with them; B's stay.
    const heads = async (org: Org) =>
      (
        await h.db
          .selectFrom('audit_chain_heads')
          .select('chain_key')
          .where('chain_key', 'in', [`audit_trail:${org.aimsId}`, `audit_trail:organisation:${org.id}`])
          .execute()
      ).length;
    expect(await heads(a)).toBe(0);
    expect(await heads(b)).toBe(2);
    const outbox = await h.db.selectFrom('notifications').select(['dedupe_key', 'recipient']).execute();
    for (const n of outbox) expect(n.recipient).not.toMatch(/acme/i);
    // …and none of its workflows runs; B's all still do.
    expect(
      await eventually(
        () => running(a.id),
        (ids) => ids.length === 0,
      ),
    ).toEqual([]);
    expect(await running(b.id)).toEqual(bRunningBefore);

    // B is as it was: the same rows, the same people (plus the consultant, whose home moved to B), its chains intact.
    const bAfter = await rowsNaming(bIds);
    expect(bAfter).toEqual({
      ...bBefore,
      'audit_trail.organisation_id': bBefore['audit_trail.organisation_id']! + 1,
      'people.organisation_id': bBefore['people.organisation_id']! + 1,
    });
    const bPeopleAfter = await h.db
      .selectFrom('people')
      .selectAll()
      .where('organisation_id', '=', b.id)
      .where('id', '<>', consultant.id)
      .orderBy('id')
      .execute();
    expect(bPeopleAfter).toEqual(bPeopleBefore);
    const bEntriesAfter = await h.db
      .selectFrom('audit_trail')
      .select('id')
      .where((eb) => eb.or([eb('aims_id', '=', b.aimsId), eb('organisation_id', '=', b.id)]))
      .execute();
    expect(bEntriesAfter.length).toBe(bEntriesBefore.length + 1);
    const verification = await h.call('GET', `/aims/${b.aimsId}/audit-trail/verification`, b.pm.token);
    expect(verification.body).toMatchObject({ intact: true, firstBroken: null });
    expect(verification.body.entries).toBeGreaterThan(3);
    expect(await verifyTrailChain(h.db, null, b.id)).toMatchObject({ intact: true, firstBroken: null });
    expect(await verifyTrailChain(h.db, null, operatorsHome)).toMatchObject({ intact: true });
    // The deployment's own record names the request and the deletion, and verifies.
    const deployment = await verifyTrailChain(h.db, null, null);
    expect(deployment).toMatchObject({ intact: true, entries: 2 });
    const recorded = await h.db
      .selectFrom('audit_trail')
      .select(['action', 'entity_id'])
      .where('aims_id', 'is', null)
      .where('organisation_id', 'is', null)
      .orderBy('chain_seq')
      .execute();
    expect(recorded).toEqual([
      { action: 'deletion_requested', entity_id: a.id },
      { action: 'deleted', entity_id: a.id },
    ]);
  }, 180_000);

  it('keeps the consultant whose home it was, now at home in B and reaching B only; a member from B loses A only', async () => {
    const kept = await h.db.selectFrom('people').selectAll().where('id', '=', consultant.id).executeTakeFirstOrThrow();
    expect([kept.organisation_id, kept.roles]).toEqual([b.id, ['management']]);
    const memberships = await h.db.selectFrom('memberships').select(['organisation_id', 'role']).where('person_id', '=', consultant.id).execute();
    expect(memberships).toEqual([{ organisation_id: b.id, role: 'management' }]);
    const seen = await h.call('GET', '/aims', consultant.token);
    expect(seen.status).toBe(200);
    expect((seen.body.items as { id: string }[]).map((x) => x.id)).toEqual([b.aimsId]);
    expect((await h.call('GET', `/aims/${a.aimsId}`, consultant.token)).status).toBe(404);
    const moved = await h.db
      .selectFrom('audit_trail')
      .selectAll()
      .where('entity_id', '=', consultant.id)
      .where('action', '=', 'home_moved')
      .executeTakeFirstOrThrow();
    expect(moved.organisation_id).toBe(b.id);

    const stays = await h.db.selectFrom('people').select('organisation_id').where('id', '=', visitor.id).executeTakeFirstOrThrow();
    expect(stays.organisation_id).toBe(b.id);
    expect(await h.db.selectFrom('memberships').select('organisation_id').where('person_id', '=', visitor.id).execute()).toEqual([{ organisation_id: b.id }]);
  });

  it('is harmless to ask or run again, and the trail refuses any other deletion', async () => {
    const before = await h.call('GET', `/organisations/${a.id}/deletion`, operator.token);
    const again = await deletion(a.id, operator.token, { confirmName: 'Acme', archiveSha256: before.body.archiveSha256 });
    expect([again.status, again.body]).toEqual([202, before.body]);
    // The workflow run once more (as a replayed or duplicated start would) changes nothing.
    await h.env.client.workflow.execute('organisationDeletionWorkflow', {
      taskQueue: h.api.config.temporal.taskQueue,
      workflowId: `${organisationDeletionWorkflowId(a.id)}-again`,
      args: [{ organisationId: a.id }],
    });
    expect((await h.call('GET', `/organisations/${a.id}/deletion`, operator.token)).body).toEqual(before.body);
    expect((await h.call('GET', '/organisations', operator.token)).body.items.map((o: { id: string }) => o.id)).not.toContain(a.id);

    // The append-only trigger: no ordinary delete or update, and an erasure of A reaches nothing of B.
    await expect(sql`delete from audit_trail where aims_id = ${b.aimsId}`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(
      h.db.transaction().execute(async (trx) => {
        await sql`select set_config('aims.erasing_organisation', ${a.id}, true)`.execute(trx);
        await sql`delete from audit_trail where organisation_id = ${b.id}`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
    await expect(
      h.db.transaction().execute(async (trx) => {
        await sql`select set_config('aims.erasing_organisation', ${b.id}, true)`.execute(trx);
        await sql`update audit_trail set action = 'x' where organisation_id = ${b.id}`.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
    expect(await verifyTrailChain(h.db, null, b.id)).toMatchObject({ intact: true });
  });
});
