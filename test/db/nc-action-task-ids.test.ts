import { randomUUID } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import type { Db } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';

// The migration that gives each corrective action its task's id fills it in for actions saved
// before it, from the tasks their saves wrote beside them.

const BEFORE = '2026-12-02T1745-attention-items';

describe('nc_actions.task_id backfill', () => {
  let db: Db;
  const ids = { person: randomUUID(), other: randomUUID(), aims: randomUUID(), case: randomUUID() };

  async function insertAction(
    raw: Kysely<any>,
    action: { iteration: number; title: string; ownerId: string; due: string; status: string },
    task: { created: string } | null,
  ) {
    const actionId = randomUUID();
    const taskId = randomUUID();
    await sql`insert into nc_actions (id, case_id, iteration, title, owner_id, due_date, status)
      values (${actionId}, ${ids.case}, ${action.iteration}, ${action.title}, ${action.ownerId}, ${action.due}, ${action.status})`.execute(raw);
    if (task) {
      await sql`insert into tasks (id, aims_id, workflow_id, item_type, item_id, step, title, owner_id, due_date, status, approval, created_at, version)
        values (${taskId}, ${ids.aims}, ${'nc-case-' + ids.case}, 'nc_case', ${ids.case}, 'action', ${action.title}, ${action.ownerId}, ${action.due}, ${action.status}, 'manager', ${task.created}, 1)`.execute(
        raw,
      );
    }
    return { actionId, taskId: task ? taskId : null };
  }

  let expected: { actionId: string; taskId: string | null }[];

  beforeAll(async () => {
    db = connectDatabase({ kind: 'pglite', dir: undefined });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateTo(BEFORE);
    if (error) throw error;
    await sql`insert into people (id, name, email, time_zone) values (${ids.person}, 'Ana', 'ana@example.org', 'Europe/Berlin'), (${ids.other}, 'Bo', 'bo@example.org', 'Europe/Berlin')`.execute(
      db,
    );
    await sql`insert into aims (id, name, time_zone, programme_manager_id) values (${ids.aims}, 'Acme', 'Europe/Berlin', ${ids.person})`.execute(db);
    await sql`insert into nc_cases (id, number, aims_id, workflow_id, title, source, severity, status, owner_id, raised_on, iteration, details, version)
      values (${ids.case}, 1, ${ids.aims}, ${'nc-case-' + ids.case}, 'Drift', 'internal_audit', 'minor', 'implementation', ${ids.person}, '2027-01-04', 2, '{}', 5)`.execute(
      db,
    );
    expected = [
      // The same action planned in two iterations: paired in order.
      await insertAction(db, { iteration: 1, title: 'Retrain', ownerId: ids.person, due: '2027-02-01', status: 'done' }, { created: '2027-01-10T09:00:00Z' }),
      await insertAction(db, { iteration: 2, title: 'Retrain', ownerId: ids.person, due: '2027-02-01', status: 'done' }, { created: '2027-03-10T09:00:00Z' }),
      await insertAction(db, { iteration: 2, title: 'Monitor', ownerId: ids.other, due: '2027-04-01', status: 'open' }, { created: '2027-03-10T09:00:00Z' }),
      // No task to be found: stays null.
      await insertAction(db, { iteration: 2, title: 'Orphan', ownerId: ids.other, due: '2027-04-01', status: 'open' }, null),
    ];
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("gives each action the id of the case's action task saved with it", async () => {
    const rows = await db.selectFrom('nc_actions').select(['id', 'task_id']).execute();
    const taskOf = new Map(rows.map((r) => [r.id, r.task_id]));
    for (const e of expected) expect(taskOf.get(e.actionId)).toBe(e.taskId);
  });
});
