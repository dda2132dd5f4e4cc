import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { listTimelineEntries, recordChanges } from '../../db/repositories/audit-trail.repository';
import { findCaseWithParts, listActionsOfCase } from '../../db/repositories/case.repository';
import { listTasksOfItem } from '../../db/repositories/task.repository';
import { freshPglite } from '../support/database';

// A case's page and every command's answer read the case with its actions, tasks and timeline in
// one statement, the parts as JSON: they must come back exactly as their own reads give them
// (same order, instants as Dates, JSON values as written).

describe('findCaseWithParts', () => {
  let db: Db;
  const ids = { person: randomUUID(), aims: randomUUID(), case: randomUUID(), other: randomUUID() };

  beforeAll(async () => {
    db = await freshPglite();
    await sql`insert into people (id, name, email, time_zone) values (${ids.person}, 'Ana', 'ana@example.org', 'Europe/Berlin')`.execute(db);
    await sql`insert into aims (id, name, time_zone, programme_manager_id) values (${ids.aims}, 'Acme', 'Europe/Berlin', ${ids.person})`.execute(db);
    for (const [id, number] of [
      [ids.case, 1],
      [ids.other, 2],
    ] as const) {
      await sql`insert into nc_cases (id, number, aims_id, workflow_id, title, source, severity, status, owner_id, raised_on, iteration, details, version, updated_at)
        values (${id}, ${number}, ${ids.aims}, ${'nc-case-' + id}, 'Drift', 'internal_audit', 'minor', 'implementation', ${ids.person}, '2027-01-04', 2, '{"containment":null}', 5, now())`.execute(
        db,
      );
    }
    const action = (caseId: string, iteration: number, title: string, completedAt: string | null) =>
      sql`insert into nc_actions (id, case_id, iteration, title, owner_id, due_date, status, completed_at)
        values (${randomUUID()}, ${caseId}, ${iteration}, ${title}, ${ids.person}, '2027-02-01', ${completedAt ? 'done' : 'open'}, ${completedAt})`.execute(db);
    // Inserted out of order: the read orders them by iteration, then title.
    await action(ids.case, 2, 'Monitor', null);
    await action(ids.case, 1, 'Retrain', '2027-01-20T10:15:30.123456Z');
    await action(ids.case, 2, 'Audit', null);
    await action(ids.other, 1, 'Elsewhere', null);
    const taskIds = [randomUUID(), randomUUID(), randomUUID()];
    const task = (id: string, itemId: string, createdAt: string, completedAt: string | null) =>
      sql`insert into tasks (id, aims_id, workflow_id, item_type, item_id, step, title, owner_id, due_date, status, approval, extensions, created_at, completed_at, version)
        values (${id}, ${ids.aims}, ${'nc-case-' + itemId}, 'nc_case', ${itemId}, 'containment', 'Contain', ${ids.person}, '2027-01-11',
          ${completedAt ? 'done' : 'open'}, 'manager', ${JSON.stringify([{ requestedDueDate: '2027-01-18', reason: 'leave' }])}, ${createdAt}, ${completedAt}, 1)`.execute(
        db,
      );
    await task(taskIds[0]!, ids.case, '2027-01-05T09:00:00Z', null);
    await task(taskIds[1]!, ids.case, '2027-01-04T09:00:00.5Z', '2027-01-04T12:00:00Z');
    await task(taskIds[2]!, ids.other, '2027-01-03T09:00:00Z', null);
    const at = new Date('2027-01-04T09:00:00.250Z');
    // Entries of one instant (one save's multi-row insert) keep the order they were written in.
    await recordChanges(db, [
      {
        aimsId: ids.aims,
        actor: { id: ids.person, label: 'Ana' },
        at,
        entityType: 'nc_case',
        entityId: ids.case,
        action: 'raised',
        before: null,
        after: { n: 1 },
      },
      {
        aimsId: ids.aims,
        actor: { id: null, label: 'engine' },
        at,
        entityType: 'task',
        entityId: taskIds[1]!,
        action: 'assigned',
        before: null,
        after: ['a', 2],
      },
      { aimsId: ids.aims, actor: { id: null, label: 'engine' }, at, entityType: 'nc_case', entityId: ids.other, action: 'raised', before: null, after: null },
      {
        aimsId: ids.aims,
        actor: { id: ids.person, label: 'Ana' },
        at,
        entityType: 'nc_case',
        entityId: ids.case,
        action: 'contained',
        before: { s: 'x' },
        after: 'text',
      },
    ]);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('gives the case with the parts its separate reads give, in their order, instants as Dates', async () => {
    const found = await findCaseWithParts(db, new Date('2027-01-12T08:00:00Z'), ids.case);
    expect(found?.row).toMatchObject({ id: ids.case, number: 1, today: '2027-01-12', details: { containment: null } });
    expect(found?.row.updated_at).toBeInstanceOf(Date);
    expect(found?.actions).toEqual(await listActionsOfCase(db, ids.case));
    expect(found?.actions.map((a) => a.title)).toEqual(['Retrain', 'Audit', 'Monitor']);
    expect(found?.actions[0]?.completed_at).toEqual(new Date('2027-01-20T10:15:30.123Z'));
    expect(found?.tasks).toEqual(await listTasksOfItem(db, ids.case));
    expect(found?.tasks.map((t) => t.completed_at === null)).toEqual([false, true]);
    expect(found?.timeline).toEqual(await listTimelineEntries(db, 'nc_case', ids.case));
    expect(found?.timeline.map((e) => e.action)).toEqual(['raised', 'assigned', 'contained']);
  });

  it('finds nothing for an unknown case', async () => {
    expect(await findCaseWithParts(db, new Date(), randomUUID())).toBeUndefined();
  });
});
