import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../calendar/working-calendar';
import { caseWorkflowId } from '../../domain/nc-case';
import { caseStateQuery } from '../../workflows/nc-case/nc-case.definitions';
import { EngineHarness } from '../support/engine-harness';

describe('refused commands on a case', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let owner: typeof pm;
  let stranger: typeof pm;
  let aimsId: string;
  let caseId: string;
  let containmentTaskId: string;

  /** What a refused command must leave untouched: the record, the trail, the workflow, the outbox. */
  async function footprint() {
    // What a previous command sends or saves after its answer is not this command's change.
    await h.settle();
    const row = await h.db.selectFrom('nc_cases').select(['version', 'status']).where('id', '=', caseId).executeTakeFirstOrThrow();
    const trail = await h.db
      .selectFrom('audit_trail')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const cases = await h.db
      .selectFrom('nc_cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const state = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).query(caseStateQuery);
    const mail = h.catcher.messages.length;
    return { row, trail: trail.n, cases: cases.n, workflowVersion: state.version, workflowStatus: state.status, tasks: Object.keys(state.tasks).length, mail };
  }

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Petra', ['programme_manager'], { timeZone: 'Europe/Paris' });
    owner = await h.person('Oskar', ['action_owner'], { timeZone: 'Europe/Paris' });
    stranger = await h.person('Sam', ['action_owner'], { timeZone: 'Europe/Paris' });
    aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'Europe/Paris', holidayRegion: 'FR', programmeManagerId: pm.id })).body.id;
    const raised = await h.call('POST', '/cases', pm.token, { aimsId, title: 'Drift unmonitored', source: 'monitoring', severity: 'major', ownerId: owner.id });
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    containmentTaskId = raised.body.tasks[0].id;
    await h.newEmails();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  // A working day of the AIMS (French holidays): a proposed due date must be one.
  const inTwentyDays = () =>
    new WorkingCalendar({ timeZone: 'Europe/Paris', holidayRegion: 'FR', closedDays: [] }).onOrAfter(
      new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
    );
  const cases: [string, () => Promise<{ status: number; body: any }>, number, RegExp][] = [
    ['an unknown case', () => h.call('POST', `/cases/${randomUUID()}/containment`, pm.token, { correction: 'x' }), 404, /no case/],
    [
      'a raise by someone without a raising role',
      () => h.call('POST', '/cases', owner.token, { aimsId, title: 't', source: 'other', severity: 'minor', ownerId: owner.id }),
      403,
      /roles/,
    ],
    [
      'a step submitted by someone who does not own it',
      () => h.call('POST', `/cases/${caseId}/containment`, stranger.token, { correction: 'x' }),
      403,
      /owner or a programme manager/,
    ],
    ['a step of a later stage', () => h.call('POST', `/cases/${caseId}/effectiveness`, pm.token, { effective: true, evidence: 'x' }), 409, /at containment/],
    [
      'an action plan before containment',
      () =>
        h.call('POST', `/cases/${caseId}/root-cause`, owner.token, {
          method: 'five_whys',
          causes: ['c'],
          similarExist: false,
          actions: [{ title: 'a', ownerId: owner.id, dueDate: inTwentyDays() }],
        }),
      409,
      /at containment/,
    ],
    [
      'a plan decision by a non-manager',
      () => h.call('POST', `/cases/${caseId}/plan-decision`, owner.token, { approve: true, verifierId: stranger.id }),
      409,
      /at containment|programme manager/,
    ],
    [
      'malformed JSON',
      () =>
        fetch(`${h.api.url}/cases/${caseId}/containment`, {
          method: 'POST',
          headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
          body: '{"correction":',
        }).then(async (r) => ({ status: r.status, body: await r.json() })),
      400,
      /not valid JSON/,
    ],
    ['a body without its required field', () => h.call('POST', `/cases/${caseId}/containment`, owner.token, {}), 422, /body.correction/],
    [
      'an unknown severity',
      () => h.call('POST', '/cases', pm.token, { aimsId, title: 't', source: 'other', severity: 'critical', ownerId: owner.id }),
      422,
      /body.severity/,
    ],
    [
      'an owner who does not exist',
      () => h.call('POST', '/cases', pm.token, { aimsId, title: 't', source: 'other', severity: 'minor', ownerId: randomUUID() }),
      422,
      /body.ownerId/,
    ],
    [
      'an AIMS that does not exist',
      () => h.call('POST', '/cases', pm.token, { aimsId: randomUUID(), title: 't', source: 'other', severity: 'minor', ownerId: owner.id }),
      422,
      /body.aimsId/,
    ],
    [
      'an extension to a date in the past',
      () => h.call('POST', `/tasks/${containmentTaskId}/extension-requests`, owner.token, { newDueDate: yesterday(), reason: 'r' }),
      422,
      /in the past/,
    ],
    [
      'an extension to a date that does not exist',
      () => h.call('POST', `/tasks/${containmentTaskId}/extension-requests`, owner.token, { newDueDate: '2027-02-30', reason: 'r' }),
      422,
      /YYYY-MM-DD/,
    ],
    [
      'an extension asked by someone other than the owner',
      () => h.call('POST', `/tasks/${containmentTaskId}/extension-requests`, stranger.token, { newDueDate: '2099-01-05', reason: 'r' }),
      403,
      /owner of a task/,
    ],
    [
      'a decision on an extension nobody asked for',
      () => h.call('POST', `/tasks/${containmentTaskId}/extension-requests/${randomUUID()}/decision`, pm.token, { approve: true }),
      404,
      /no extension request/,
    ],
    [
      'a reassignment by someone who is not a programme manager',
      () => h.call('POST', `/tasks/${containmentTaskId}/reassignment`, owner.token, { ownerId: stranger.id, reason: 'r' }),
      403,
      /programme_manager/,
    ],
    [
      'a reassignment to nobody',
      () => h.call('POST', `/tasks/${containmentTaskId}/reassignment`, pm.token, { ownerId: randomUUID(), reason: 'r' }),
      422,
      /body.ownerId/,
    ],
    ['a reopening of an open case', () => h.call('POST', `/cases/${caseId}/reopening`, pm.token, { reason: 'r' }), 409, /closed or cancelled/],
    ['a cancellation without a reason', () => h.call('POST', `/cases/${caseId}/cancellation`, pm.token, { reason: ' ' }), 422, /body.reason/],
  ];

  it.each(cases)('refuses %s with the right status and reason, and changes nothing', async (_name, send, status, reason) => {
    const before = await footprint();
    const response = await send();
    expect(response.status).toBe(status);
    expect(`${response.body.detail} ${JSON.stringify(response.body.errors ?? [])}`).toMatch(reason);
    await h.settle(200);
    expect(await footprint()).toEqual(before);
  });

  it('refuses action due dates in the past or beyond the implementation limit, naming each action, and changes nothing', async () => {
    await h.call('POST', `/cases/${caseId}/containment`, owner.token, { correction: 'Drift alerts re-enabled' });
    const before = await footprint();
    const response = await h.call('POST', `/cases/${caseId}/root-cause`, owner.token, {
      method: 'pareto',
      causes: ['Alert routing lost in migration'],
      similarExist: false,
      actions: [
        { title: 'Too early', ownerId: owner.id, dueDate: yesterday() },
        { title: 'Fine', ownerId: owner.id, dueDate: inTwentyDays() },
        { title: 'Too late', ownerId: owner.id, dueDate: '2099-01-01' },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.actions.0.dueDate']);
    const late = await h.call('POST', `/cases/${caseId}/root-cause`, owner.token, {
      method: 'pareto',
      causes: ['Alert routing lost in migration'],
      similarExist: false,
      actions: [{ title: 'Too late', ownerId: owner.id, dueDate: '2099-01-01' }],
    });
    expect(late.status).toBe(422);
    expect(late.body.detail).toContain("a major nonconformity's actions are due by");
    expect(late.body.errors.map((e: { field: string }) => e.field)).toEqual(['body.actions.0.dueDate']);
    expect(await footprint()).toEqual(before);
  });
});
