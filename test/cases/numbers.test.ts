import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSaveCase } from '../../activities/cases/save-case.activity';
import { connectDatabase } from '../../db/connect';
import { migrations } from '../../db/migrations';
import { caseWorkflowId, type CaseState } from '../../domain/nc-case';
import type { CaseWorkflowInput } from '../../workflows/nc-case/nc-case.definitions';
import { EngineHarness } from '../support/engine-harness';

// A register's numbers are quoted by auditors: NC-1, NC-2 … in each AIMS, with no gap, given once.
// A creation that fails gives its number back; a retried save keeps the number it had.

describe('nonconformity numbers', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owner: typeof pm;
  const aims: Record<'a' | 'b', string> = { a: '', b: '' };

  const raise = async (which: 'a' | 'b', title: string) => {
    // Throws with the answer unless it is 201.
    const { id, reference } = await h.raiseCase(aims[which], owner, { title, source: 'other', severity: 'minor' });
    return { id, number: Number(/^NC-(\d+)$/.exec(reference)?.[1]) };
  };
  const numbers = async (which: 'a' | 'b') =>
    (await h.db.selectFrom('nc_cases').select('number').where('aims_id', '=', aims[which]).orderBy('created_at').orderBy('number').execute()).map(
      (r) => r.number,
    );
  const counter = async (which: 'a' | 'b') =>
    (await h.db.selectFrom('aims').select('last_nc_number').where('id', '=', aims[which]).executeTakeFirstOrThrow()).last_nc_number;

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Pam', ['programme_manager'], { timeZone: 'UTC' });
    owner = await h.person('Otto', ['action_owner'], { timeZone: 'UTC' });
    aims.a = (await h.newAims(pm, { name: 'AIMS A', timeZone: 'UTC', holidayRegion: null })).id;
    aims.b = (await h.newAims(pm, { name: 'AIMS B', timeZone: 'UTC', holidayRegion: null })).id;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('numbers cases 1..n in each AIMS, and a creation that fails takes no number', async () => {
    expect((await raise('a', 'first in A')).number).toBe(1);
    expect((await raise('b', 'first in B')).number).toBe(1);
    expect((await raise('a', 'second in A')).number).toBe(2);

    // A case whose first save fails in PostgreSQL (its owner does not exist: a foreign key
    // violation). Started directly, as an audit's finding would be, since the API refuses it.
    const doomedId = randomUUID();
    const doomed: CaseWorkflowInput = {
      kind: 'new',
      actor: { id: pm.id, name: pm.name, roles: ['programme_manager'] },
      draft: {
        id: doomedId,
        aimsId: aims.a,
        title: 'never saved',
        description: '',
        source: 'other',
        severity: 'minor',
        ownerId: randomUUID(),
        raisedBy: pm.id,
        clauseRef: null,
        auditId: null,
        raisedOn: '2026-12-02',
      },
    };
    const handle = await h.env.client.workflow.start('ncCaseWorkflow', { taskQueue: 'aims-cycles', workflowId: caseWorkflowId(doomedId), args: [doomed] });
    // Let the save be attempted (and fail) a few times, then give up on the case.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await handle.terminate('test: a creation that cannot succeed').catch(() => undefined);
    expect(await h.db.selectFrom('nc_cases').select('id').where('id', '=', doomedId).executeTakeFirst()).toBeUndefined();

    expect((await raise('a', 'third in A')).number).toBe(3);
    expect((await raise('b', 'second in B')).number).toBe(2);
    expect((await raise('a', 'fourth in A')).number).toBe(4);
    expect(await numbers('a')).toEqual([1, 2, 3, 4]);
    expect(await numbers('b')).toEqual([1, 2]);
    expect([await counter('a'), await counter('b')]).toEqual([4, 2]);
  });

  it('gives a retried first save, or two racing ones, the one number they share', async () => {
    const saveCase = createSaveCase({ db: h.db });
    const id = randomUUID();
    const state: CaseState = {
      id,
      aimsId: aims.b,
      title: 'saved twice',
      description: '',
      source: 'other',
      severity: 'minor',
      ownerId: owner.id,
      raisedBy: pm.id,
      clauseRef: null,
      auditId: null,
      raisedOn: '2026-12-02',
      workflowId: caseWorkflowId(id),
      number: null,
      status: 'containment',
      iteration: 1,
      verifierId: null,
      containment: null,
      rootCauses: [],
      actions: [],
      effectivenessReviews: [],
      cancelReason: null,
      closedAt: null,
      version: 1,
      tasks: {},
    };
    // Two attempts at once (an attempt that timed out and its retry), then a third after them.
    const [first, second] = await Promise.all([saveCase({ state, changes: [] }), saveCase({ state, changes: [] })]);
    const third = await saveCase({ state, changes: [] });
    expect([first.number, second.number, third.number]).toEqual([3, 3, 3]);
    expect(await counter('b')).toBe(3);
    expect((await raise('b', 'after the retries')).number).toBe(4);
    expect(await numbers('b')).toEqual([1, 2, 3, 4]);
  });

  it('keeps the numbers given before the migration, and counts on from the highest in each AIMS', async () => {
    const db = connectDatabase({ kind: 'pglite', dir: undefined });
    try {
      const before = Object.keys(migrations).filter((name) => name < '2026-12-02T1700');
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(before.at(-1)!)).error).toBeUndefined();
      const person = (
        await sql<{
          id: string;
        }>`insert into people (name, email, time_zone, roles) values ('P', 'p@example.org', 'UTC', '{programme_manager}') returning id`.execute(db)
      ).rows[0]!.id;
      const aimsIds: string[] = [];
      for (const name of ['X', 'Y', 'Z']) {
        aimsIds.push(
          (await sql<{ id: string }>`insert into aims (name, time_zone, programme_manager_id) values (${name}, 'UTC', ${person}) returning id`.execute(db))
            .rows[0]!.id,
        );
      }
      // The old global sequence: X gets 1 and 3, Y gets 2; Z has none.
      for (const aimsId of [aimsIds[0], aimsIds[1], aimsIds[0]]) {
        const id = randomUUID();
        await sql`insert into nc_cases (id, aims_id, workflow_id, title, source, severity, status, owner_id, raised_on, version)
                  values (${id}, ${aimsId}, ${`wf-${id}`}, 't', 'other', 'minor', 'containment', ${person}, '2026-12-01', 1)`.execute(db);
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const counters = await sql<{ name: string; last_nc_number: number }>`select name, last_nc_number from aims order by name`.execute(db);
      expect(counters.rows).toEqual([
        { name: 'X', last_nc_number: 3 },
        { name: 'Y', last_nc_number: 2 },
        { name: 'Z', last_nc_number: 0 },
      ]);
      const kept = await sql<{ number: number }>`select number from nc_cases order by number`.execute(db);
      expect(kept.rows.map((r) => r.number)).toEqual([1, 2, 3]);
      // Numbers are now unique per AIMS, not across them.
      const duplicate = randomUUID();
      await expect(
        sql`insert into nc_cases (id, number, aims_id, workflow_id, title, source, severity, status, owner_id, raised_on, version)
            values (${duplicate}, 3, ${aimsIds[0]}, ${`wf-${duplicate}`}, 't', 'other', 'minor', 'containment', ${person}, '2026-12-01', 1)`.execute(db),
      ).rejects.toThrow(/nc_cases_aims_number_key/);
      await sql`insert into nc_cases (id, number, aims_id, workflow_id, title, source, severity, status, owner_id, raised_on, version)
                values (${duplicate}, 3, ${aimsIds[1]}, ${`wf-${duplicate}`}, 't', 'other', 'minor', 'containment', ${person}, '2026-12-01', 1)`.execute(db);
    } finally {
      await db.destroy();
    }
  });
});
