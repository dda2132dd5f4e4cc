import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../domain/nc-case';
import { caseStateQuery } from '../../workflows/nc-case/nc-case.definitions';
import { EngineHarness } from '../support/engine-harness';

/**
 * A command whose save PostgreSQL refuses for good (here a CHECK constraint added for the test,
 * standing for any deterministic refusal: a NUL byte, a date out of range) answers at once with
 * a 4xx and the reason, and leaves the workflow and the record as they were: the next command
 * works on the old state.
 */
describe('a command whose work fails deterministically', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owner: typeof pm;
  let caseId: string;

  async function footprint() {
    // What a previous command sends or saves after its answer is not this command's change.
    await h.settle();
    const row = await h.db.selectFrom('nc_cases').select(['version', 'status', 'details']).where('id', '=', caseId).executeTakeFirstOrThrow();
    const tasks = await h.db.selectFrom('tasks').select(['id', 'status', 'due_date']).where('item_id', '=', caseId).orderBy('id').execute();
    const trail = await h.db
      .selectFrom('audit_trail')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const state = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
    return { row, tasks, trail: trail.n, state };
  }

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Petra', ['programme_manager'], { timeZone: 'Europe/Paris' });
    owner = await h.person('Oskar', ['action_owner'], { timeZone: 'Europe/Paris' });
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'Europe/Paris', holidayRegion: 'FR', programmeManagerId: pm.id })).body
      .id;
    const raised = await h.call('POST', '/cases', pm.token, {
      aimsId,
      title: 'Model card missing',
      source: 'monitoring',
      severity: 'minor',
      ownerId: owner.id,
    });
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    // The case's assignment emails go out after the answer: all of them, before the first check.
    await h.emailsSentBy(caseWorkflowId(caseId));
    // The database refuses one marker value from now on, whatever path writes it.
    await sql`alter table nc_cases add constraint refuses_poison check (details::text not like '%POISON%')`.execute(h.db);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 422 with the reason quickly, and changes neither the workflow nor the record', async () => {
    const before = await footprint();
    const started = Date.now();
    const response = await h.call('POST', `/cases/${caseId}/containment`, owner.token, { correction: 'POISON in the correction' });
    const took = Date.now() - started;
    expect(response.status).toBe(422);
    expect(response.body.detail).toMatch(/refuses_poison/);
    expect(response.body.detail).toMatch(/23514/);
    expect(took).toBeLessThan(10_000);
    await h.settle(300);
    expect(await footprint()).toEqual(before);
    expect(before.state.status).toBe('containment');
    expect(await h.newEmails()).toEqual([]);
  });

  it('takes the next command on the old state: the containment task is still open and the step goes through', async () => {
    const response = await h.call('POST', `/cases/${caseId}/containment`, owner.token, { correction: 'Model card written and published' });
    expect(response.status).toBe(200);
    const after = await footprint();
    expect(after.row.status).toBe('root_cause');
    expect(after.state.status).toBe('root_cause');
    // One save for the step, no gap left by the refused one: record and workflow agree.
    expect(after.row.version).toBe(after.state.version);
    const containment = Object.values(after.state.tasks).find((t) => t.step === 'containment')!;
    expect(containment.status).toBe('done');
    const actions = await h.db.selectFrom('audit_trail').select('action').where('entity_id', '=', caseId).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toContain('containment_submitted');
    expect(actions.filter((a) => a.action === 'containment_submitted')).toHaveLength(1);
  });

  it('keeps the tracking loop of a task whose completion was undone: its reminder still comes', async () => {
    const state = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
    const rootCause = Object.values(state.tasks).find((t) => t.step === 'root_cause' && t.status === 'open')!;
    // A refused submission of the root cause completes the task in memory, then is undone.
    const refused = await h.call('POST', `/cases/${caseId}/root-cause`, owner.token, {
      method: 'five_whys',
      causes: ['POISON cause'],
      similarExist: false,
      actions: [{ title: 'Template for model cards', ownerId: owner.id, dueDate: rootCause.dueDate }],
    });
    expect(refused.status).toBe(422);
    // The previous step's assignment emails, out before the reminder's window opens.
    await h.emailsSentBy(caseWorkflowId(caseId));
    // The first reminder, 5 working days before the due date, 09:00 Paris.
    const due = new Date(`${rootCause.dueDate}T12:00:00Z`);
    await h.advanceTo(new Date(due.getTime() - 4 * 86_400_000).toISOString());
    const emails = await h.newEmails();
    expect(emails.some((e) => e.to === owner.email && /remind/i.test(`${e.subject} ${e.text}`))).toBe(true);
  });
});
