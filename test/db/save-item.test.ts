import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { createSaveCase } from '../../activities/cases/save-case.activity';
import type { CaseState } from '../../domain/nc-case';
import type { TaskState } from '../../domain/task';
import type { WorkflowChange } from '../../domain/workflow-change';
import { freshPglite } from '../support/database';
import { newPerson } from '../support/fixtures';
import { verifyTrailChain } from '../../services/audit-trail-verification';

// The save protocol (db/save-item.ts) through the case's save: a snapshot older than the stored
// one writes neither the row nor its tasks but still its trail entries, and a retried save
// appends no entry twice.

describe('the save protocol', () => {
  let db: Db;
  let state: CaseState;
  const saveCase = () => createSaveCase({ db });

  const change = (seq: number, action: string): WorkflowChange => ({
    seq,
    actorId: null,
    actorLabel: 'engine',
    at: '2027-01-04T09:00:00.000Z',
    entityType: 'nc_case',
    entityId: state.id,
    action,
    before: null,
    after: null,
  });
  const taskRow = (id: string) => db.selectFrom('tasks').select(['title', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  const trail = () => db.selectFrom('audit_trail').select('action').where('entity_id', '=', state.id).orderBy('id').execute();

  beforeAll(async () => {
    db = await freshPglite();
    const owner = await newPerson(db, { roles: ['action_owner'] });
    const pm = await newPerson(db, { roles: ['programme_manager'] });
    const aimsId = (
      await db
        .insertInto('aims')
        .values({ name: 'AIMS', time_zone: 'UTC', programme_manager_id: pm.id, policy: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const id = randomUUID();
    const task: TaskState = {
      id: randomUUID(),
      aimsId,
      workflowId: `nc-case-${id}`,
      itemType: 'nc_case',
      itemId: id,
      itemRef: 'NC-1',
      step: 'containment',
      title: 'Contain it',
      ownerId: owner.id,
      ownerManagerId: null,
      dueDate: '2027-01-11',
      status: 'open',
      approval: 'manager',
      maxExtensions: 2,
      extensions: [],
      createdAt: '2027-01-04T09:00:00.000Z',
      completedAt: null,
    };
    state = {
      id,
      aimsId,
      workflowId: `nc-case-${id}`,
      number: null,
      title: 'A finding',
      description: '',
      source: 'incident',
      severity: 'minor',
      ownerId: owner.id,
      raisedBy: null,
      clauseRef: null,
      auditId: null,
      raisedOn: '2027-01-04',
      status: 'containment',
      iteration: 1,
      verifierId: null,
      containment: null,
      rootCauses: [],
      actions: [],
      effectivenessReviews: [],
      cancelReason: null,
      closedAt: null,
      version: 2,
      tasks: { [task.id]: task },
    };
  });
  afterAll(async () => db.destroy());

  it('writes the row, its tasks and the entries; an older snapshot writes only its entries', async () => {
    expect(await saveCase()({ state, changes: [change(1, 'raised')] })).toEqual({ number: 1 });
    const [taskId, task] = Object.entries(state.tasks)[0]!;
    expect(await taskRow(taskId)).toEqual({ title: 'Contain it', version: 2 });

    const older = { ...state, version: 1, title: 'Stale', tasks: { [taskId]: { ...task, title: 'Stale' } } };
    expect(await saveCase()({ state: older, changes: [change(2, 'stale')] })).toEqual({ number: 1 });
    expect(await db.selectFrom('nc_cases').select('title').where('id', '=', state.id).executeTakeFirstOrThrow()).toEqual({ title: 'A finding' });
    expect(await taskRow(taskId)).toEqual({ title: 'Contain it', version: 2 });
    expect(await trail()).toEqual([{ action: 'raised' }, { action: 'stale' }]);
  });

  it('appends nothing twice when a save is retried', async () => {
    const newer = { ...state, version: 3, status: 'root_cause' as const };
    await saveCase()({ state: newer, changes: [change(3, 'contained')] });
    await saveCase()({ state: newer, changes: [change(3, 'contained')] });
    expect(await trail()).toEqual([{ action: 'raised' }, { action: 'stale' }, { action: 'contained' }]);
  });

  it('rewrites only the tasks that changed, and appends several entries in order with one statement', async () => {
    const [taskId, task] = Object.entries(state.tasks)[0]!;
    const second: TaskState = { ...task, id: randomUUID(), step: 'root_cause', title: 'Analyse it' };
    const withTwo = { ...state, version: 4, tasks: { [taskId]: task, [second.id]: second } };
    await saveCase()({ state: withTwo, changes: [change(4, 'analysis opened'), change(5, 'noted')] });
    expect(await taskRow(second.id)).toEqual({ title: 'Analyse it', version: 4 });
    // The first task did not change since version 2: its row is left as it was.
    expect(await taskRow(taskId)).toEqual({ title: 'Contain it', version: 2 });

    const done = { ...withTwo, version: 5, tasks: { [taskId]: { ...task, status: 'done' as const }, [second.id]: second } };
    await saveCase()({ state: done, changes: [change(6, 'done')] });
    expect(await db.selectFrom('tasks').select(['status', 'version']).where('id', '=', taskId).executeTakeFirstOrThrow()).toEqual({
      status: 'done',
      version: 5,
    });
    expect(await taskRow(second.id)).toEqual({ title: 'Analyse it', version: 4 });
    expect((await trail()).map((e) => e.action).slice(-3)).toEqual(['analysis opened', 'noted', 'done']);
  });

  it('writes a save’s entries with one insert, leaving out those an earlier attempt wrote, and the chain stays whole', async () => {
    const entries = async () =>
      (await db.selectFrom('audit_trail').select(['action', 'chain_seq']).where('aims_id', '=', state.aimsId).orderBy('chain_seq').execute()).map((e) => ({
        action: e.action,
        chain_seq: Number(e.chain_seq),
      }));
    const before = await entries();
    // An attempt wrote the first of three entries (the same key); the retry brings all three.
    await saveCase()({ state: { ...state, version: 6 }, changes: [change(7, 'first')] });
    await saveCase()({ state: { ...state, version: 6 }, changes: [change(7, 'first'), change(8, 'second'), change(9, 'third')] });
    const after = await entries();
    expect(after.slice(before.length)).toEqual([
      { action: 'first', chain_seq: before.length + 1 },
      { action: 'second', chain_seq: before.length + 2 },
      { action: 'third', chain_seq: before.length + 3 },
    ]);
    expect(await verifyTrailChain(db, state.aimsId)).toMatchObject({ intact: true, entries: after.length });
  });
});
