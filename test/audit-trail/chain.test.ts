import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { recordChange } from '../../db/repositories/audit-trail.repository';
import { verifyTrailChain } from '../../services/audit-trail-verification';
import { startApi } from '../support/api';
import { freshPostgres } from '../support/database';
import { newPerson, newPersonWithToken } from '../support/fixtures';
import { timeSkippingEnv } from '../support/temporal';

const run = promisify(execFile);

// The audit trail as a hash chain per AIMS (issue #14): written in one place, serialised per
// AIMS, verified by a route and a command that name the first entry that does not verify.

describe('the tamper-evident audit trail', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let env: TestWorkflowEnvironment;
  let api: Awaited<ReturnType<typeof startApi>>;
  let pm: Awaited<ReturnType<typeof newPersonWithToken>>;
  let owner: Awaited<ReturnType<typeof newPersonWithToken>>;

  const call = (method: string, path: string, body?: unknown, token = pm.token) =>
    fetch(api.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const newAims = async (name: string) => {
    const response = await call('POST', '/aims', { name, timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.person.id });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const chainOf = (aimsId: string) =>
    postgres.db.selectFrom('audit_trail').select(['id', 'chain_seq', 'prev_hash', 'hash']).where('aims_id', '=', aimsId).orderBy('chain_seq').execute();
  /** What an attacker with database access does: the append-only trigger switched off, a row rewritten. */
  const tamper = async (statement: ReturnType<typeof sql>) => {
    await postgres.db.transaction().execute(async (trx) => {
      await sql`alter table audit_trail disable trigger audit_trail_append_only`.execute(trx);
      await statement.execute(trx);
      await sql`alter table audit_trail enable trigger audit_trail_append_only`.execute(trx);
    });
  };
  const verifyCommand = async (aimsId: string) => {
    try {
      const { stdout } = await run('npx', ['tsx', 'main/trail-verify.ts', '--aims', aimsId], {
        env: { ...process.env, DATABASE_URL: postgres.url, LOG_LEVEL: 'silent' },
      });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout + e.stderr };
    }
  };

  beforeAll(async () => {
    [postgres, env] = await Promise.all([freshPostgres(), timeSkippingEnv()]);
    api = await startApi(postgres.db, env.client);
    pm = await newPersonWithToken(postgres.db, ['programme_manager']);
    owner = await newPersonWithToken(postgres.db, ['action_owner']);
  });
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
    await postgres?.drop();
  });

  it('chains each AIMS’s entries by hash, from position 1, and the route finds the chain intact', async () => {
    const aimsId = await newAims('Chained AIMS');
    const soa = await call('PUT', `/aims/${aimsId}/soa`, {
      entries: [
        { controlId: 'A.10.4', applicable: false, justification: 'No customers' },
        { controlId: 'A.10.3', applicable: false, justification: 'No suppliers' },
      ],
    });
    expect(soa.status).toBe(200);

    const chain = await chainOf(aimsId);
    expect(chain.map((e) => Number(e.chain_seq))).toEqual([1, 2, 3]);
    expect(chain[0]!.prev_hash).toBe('0'.repeat(64));
    expect(chain[1]!.prev_hash).toBe(chain[0]!.hash);
    expect(chain[2]!.prev_hash).toBe(chain[1]!.hash);

    const response = await call('GET', `/aims/${aimsId}/audit-trail/verification`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      aimsId,
      entries: 3,
      intact: true,
      firstBroken: null,
      head: { entryId: chain[2]!.id, seq: 3, hash: chain[2]!.hash },
    });
    // People and tokens belong to no AIMS: they make their organisation's own chain.
    expect(await verifyTrailChain(postgres.db, null, pm.person.organisation_id)).toMatchObject({ intact: true });
  });

  it('is read by programme managers and management only', async () => {
    const aimsId = await newAims('Restricted AIMS');
    expect((await call('GET', `/aims/${aimsId}/audit-trail/verification`, undefined, owner.token)).status).toBe(403);
    expect((await call('GET', '/aims/00000000-0000-4000-8000-000000000000/audit-trail/verification')).status).toBe(404);
  });

  it('keeps each chain whole under concurrent writers, without deadlock, one AIMS not waiting for another', async () => {
    const [a, b] = [await newAims('Busy A'), await newAims('Busy B')];
    const actor = await newPerson(postgres.db, { roles: ['programme_manager'] });
    const writers = Array.from({ length: 40 }, (_, i) =>
      postgres.db.transaction().execute(async (trx) => {
        const aimsId = i % 2 === 0 ? a : b;
        // Each writer also touches the AIMS row, as the existing commands do, before the trail.
        await sql`select id from aims where id = ${aimsId} for update`.execute(trx);
        await recordChange(trx, {
          aimsId,
          actor: { id: actor.id, label: actor.name },
          at: new Date(),
          entityType: 'test',
          entityId: String(i),
          action: 'written',
          before: null,
          after: { i, nested: { z: 1, a: [1, 'two'] } },
        });
      }),
    );
    await Promise.all(writers);
    for (const aimsId of [a, b]) {
      const chain = await chainOf(aimsId);
      expect(chain.map((e) => Number(e.chain_seq))).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect((await verifyTrailChain(postgres.db, aimsId)).intact).toBe(true);
    }
  });

  it('names an entry changed directly in the database, through the route and the command', async () => {
    const aimsId = await newAims('Tampered AIMS');
    await call('PUT', `/aims/${aimsId}/soa`, { entries: [{ controlId: 'A.10.4', applicable: false, justification: 'Honest reason' }] });
    await call('PUT', `/aims/${aimsId}/soa`, { entries: [{ controlId: 'A.10.4', applicable: false, justification: 'Second thought' }] });
    const chain = await chainOf(aimsId);
    expect(chain).toHaveLength(3);
    expect((await verifyCommand(aimsId)).code).toBe(0);

    const victim = chain[1]!;
    await tamper(sql`update audit_trail set after = jsonb_set(after, '{justification}', '"Forged reason"') where id = ${victim.id}`);

    const response = await call('GET', `/aims/${aimsId}/audit-trail/verification`);
    expect(await response.json()).toMatchObject({
      intact: false,
      entries: 1,
      firstBroken: { entryId: victim.id, seq: 2, reason: 'hash does not match the entry' },
      head: null,
    });
    const command = await verifyCommand(aimsId);
    expect(command.code).toBe(3);
    expect(command.stdout).toContain(`entry ${victim.id} (position 2): hash does not match the entry`);
  }, 60_000);

  it('names the entry after one removed, and the next one when a forged entry was rehashed', async () => {
    const aimsId = await newAims('Cut AIMS');
    for (const reason of ['one', 'two', 'three']) {
      await call('PUT', `/aims/${aimsId}/soa`, { entries: [{ controlId: 'A.10.4', applicable: false, justification: reason }] });
    }
    const chain = await chainOf(aimsId);
    await tamper(sql`update audit_trail set hash = repeat('f', 64) where id = ${chain[1]!.id}`);
    expect((await verifyTrailChain(postgres.db, aimsId)).firstBroken).toEqual({ entryId: chain[1]!.id, seq: 2, reason: 'hash does not match the entry' });

    await tamper(sql`delete from audit_trail where id = ${chain[1]!.id}`);
    expect((await verifyTrailChain(postgres.db, aimsId)).firstBroken).toEqual({
      entryId: chain[2]!.id,
      seq: 3,
      reason: 'entries are missing before it',
    });
  });

  it('chains the entries that existed before, per AIMS, when the migration runs', async () => {
    const db = connectDatabase({ kind: 'pglite', dir: undefined });
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const { error } = await migrator.migrateTo('2026-12-03T0500-ai-systems');
      expect(error).toBeUndefined();
      const person = await newPerson(db, { roles: ['programme_manager'] });
      const aimsId = (
        await db
          .insertInto('aims')
          .values({ name: 'Old AIMS', time_zone: 'UTC', programme_manager_id: person.id, policy: '{}' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const old = (entityType: string, entityId: string) =>
        sql`insert into audit_trail (actor_id, actor_label, entity_type, entity_id, action, before, after, occurred_at)
            values (null, 'engine', ${entityType}, ${entityId}, 'created', null, '{"b":1,"a":2}', '2026-11-30T10:00:00.123Z')`.execute(db);
      await old('person', person.id);
      await old('aims', aimsId);
      await old('soa_entry', `${aimsId}/A.10.4`);
      await old('certification', aimsId);

      await migrateToLatest(db);

      const rows = await db.selectFrom('audit_trail').select(['entity_type', 'aims_id', 'chain_seq']).orderBy('id').execute();
      expect(rows.map((r) => [r.entity_type, r.aims_id, Number(r.chain_seq)])).toEqual([
        ['person', null, 1],
        ['aims', aimsId, 1],
        ['soa_entry', aimsId, 2],
        ['certification', aimsId, 3],
      ]);
      expect(await verifyTrailChain(db, aimsId)).toMatchObject({ intact: true, entries: 3 });
      // The person's entry is in their (default) organisation's own record since that record was split per organisation.
      expect(await verifyTrailChain(db, null, '00000000-0000-4000-8000-000000000001')).toMatchObject({ intact: true, entries: 1 });
      // New entries continue the migrated chain.
      await recordChange(db, {
        aimsId,
        actor: { id: null, label: 'engine' },
        at: new Date(),
        entityType: 'aims',
        entityId: aimsId,
        action: 'updated',
        before: null,
        after: {},
      });
      expect(await verifyTrailChain(db, aimsId)).toMatchObject({ intact: true, entries: 4 });
    } finally {
      await db.destroy();
    }
  });
});
