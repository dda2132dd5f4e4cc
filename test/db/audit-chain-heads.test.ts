// Each audit-trail chain's head in a row of its own (issue #20): appending locks and reads it in
// one statement and writes it with the entries. Run on PGlite, the embedded default; two attempts
// of one change racing for a chain on PostgreSQL; many concurrent writers in
// test/audit-trail/chain.test.ts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { AppendOvertaken, recordChanges, type Change } from '../../db/repositories/audit-trail.repository';
import { classifyFailure } from '../../activities/classify-failure';
import { verifyTrailChain } from '../../services/audit-trail-verification';
import { freshPglite, freshPostgres } from '../support/database';
import { newAims } from '../support/fixtures';

describe('the head row of each audit-trail chain, on PGlite', () => {
  let db: Db;
  let aimsId: string;
  const change = (n: number, idempotencyKey?: string): Change => ({
    aimsId,
    actor: { id: null, label: 'engine' },
    at: new Date(`2026-12-04T09:00:0${n}Z`),
    entityType: 'aims',
    entityId: aimsId,
    action: `step ${n}`,
    before: null,
    after: { n },
    idempotencyKey,
  });
  const head = async () => {
    const row = await db.selectFrom('audit_chain_heads').select(['chain_seq', 'hash']).where('chain_key', '=', `audit_trail:${aimsId}`).executeTakeFirst();
    return row ? { seq: Number(row.chain_seq), hash: row.hash } : null;
  };
  const entries = () => db.selectFrom('audit_trail').select(['id', 'chain_seq', 'hash']).where('aims_id', '=', aimsId).orderBy('chain_seq').execute();

  beforeAll(async () => {
    db = await freshPglite();
    aimsId = await newAims(db);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it('is made with the first entry and follows each append to the last entry', async () => {
    expect(await head()).toBeNull();
    await db.transaction().execute((trx) => recordChanges(trx, [change(1), change(2)]));
    await db.transaction().execute((trx) => recordChanges(trx, [change(3, 'once')]));
    const chain = await entries();
    expect(chain.map((e) => Number(e.chain_seq))).toEqual([1, 2, 3]);
    expect(await head()).toEqual({ seq: 3, hash: chain[2]!.hash });
    expect(await verifyTrailChain(db, aimsId)).toMatchObject({ intact: true, entries: 3 });
  });

  it('leaves an entry an earlier attempt wrote, and the head, as they are', async () => {
    const before = await head();
    await db.transaction().execute((trx) => recordChanges(trx, [change(3, 'once')]));
    expect(await entries()).toHaveLength(3);
    expect(await head()).toEqual(before);
  });

  it('is not moved by a change that rolls back', async () => {
    const before = await head();
    await expect(
      db.transaction().execute(async (trx) => {
        await recordChanges(trx, [change(4)]);
        throw new Error('the save failed after its trail');
      }),
    ).rejects.toThrow('the save failed');
    expect(await head()).toEqual(before);
    expect(await entries()).toHaveLength(3);
  });

  it('keeps a cut-off last entry visible: the next entry follows the head, and the verification names the gap', async () => {
    const chain = await entries();
    await db.transaction().execute(async (trx) => {
      await sql`alter table audit_trail disable trigger audit_trail_append_only`.execute(trx);
      await sql`delete from audit_trail where id = ${chain[2]!.id}`.execute(trx);
      await sql`alter table audit_trail enable trigger audit_trail_append_only`.execute(trx);
    });
    await db.transaction().execute((trx) => recordChanges(trx, [change(5)]));
    const after = await entries();
    expect(after.map((e) => Number(e.chain_seq))).toEqual([1, 2, 4]);
    expect(await verifyTrailChain(db, aimsId)).toMatchObject({ intact: false, firstBroken: { seq: 4, reason: 'entries are missing before it' } });
  });
});

describe('two attempts of one change racing for the chain, on PostgreSQL', () => {
  let postgres: Awaited<ReturnType<typeof freshPostgres>>;
  let aimsId: string;

  beforeAll(async () => {
    postgres = await freshPostgres();
    aimsId = await newAims(postgres.db, 'Raced AIMS');
  }, 60_000);
  afterAll(async () => {
    await postgres?.drop();
  });

  it('fails the attempt that waited, as worth retrying, and its retry writes nothing twice', async () => {
    const db = postgres.db;
    const change: Change = {
      aimsId,
      actor: { id: null, label: 'engine' },
      at: new Date('2026-12-04T09:00:00Z'),
      entityType: 'aims',
      entityId: aimsId,
      action: 'raced',
      before: null,
      after: { n: 1 },
      idempotencyKey: `raced#1`,
    };
    const waitingForTheChain = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db))
          .rows[0]!.n,
      );
    let second: Promise<unknown> | undefined;
    await db.transaction().execute(async (first) => {
      await recordChanges(first, [change]);
      // The second attempt starts while the first holds the chain's head, and waits for it.
      second = db.transaction().execute((trx) => recordChanges(trx, [change]));
      second.catch(() => undefined);
      for (let i = 0; i < 100 && (await waitingForTheChain()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await waitingForTheChain()).toBe(1);
    });
    const failure = await second!.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(AppendOvertaken);
    // Not a deterministic failure: the activity's retry runs.
    expect(classifyFailure(failure)).toBe(failure);
    await db.transaction().execute((trx) => recordChanges(trx, [change]));
    expect(await verifyTrailChain(db, aimsId)).toMatchObject({ intact: true, entries: 1 });
  });
});
