import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

// Effectiveness is reviewed by an independent verifier (SPEC 10.2) whichever path leads to the
// step: plan approval, reassignment of an action, reassignment of the effectiveness task, or a
// programme manager acting for the verifier. Closure then tells the case owner and the AIMS's own
// programme manager, not every holder of the role.

describe('an independent verifier, whatever the path', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let paula: Person; // the AIMS's programme manager
  let bob: Person; // holds the programme manager role, for another AIMS
  let owen: Person; // case owner
  let ana: Person; // action owner
  let rita: Person; // action owner, whose action is reassigned to Olaf
  let olaf: Person;
  let vera: Person; // the verifier named at approval
  let vic: Person; // the verifier after reassignment
  let caseId: string;

  const get = async () => (await h.request('GET', '/cases/:id', { params: { id: caseId }, token: paula.token })).body;
  const taskOf = async (step: string, ownerId?: string) => {
    const task = (await get()).tasks.find((t) => t.step === step && t.status === 'open' && (ownerId === undefined || t.ownerId === ownerId));
    if (!task) throw new Error(`no open ${step} task${ownerId ? ` of ${ownerId}` : ''}`);
    return task;
  };
  const reassign = (taskId: string, ownerId: string) => h.call('POST', `/tasks/${taskId}/reassignment`, paula.token, { ownerId, reason: 'workload' });

  beforeAll(async () => {
    h = await EngineHarness.start();
    paula = await h.person('Paula', ['programme_manager'], { timeZone: 'UTC' });
    bob = await h.person('Bob', ['programme_manager'], { timeZone: 'UTC' });
    owen = await h.person('Owen', ['action_owner'], { timeZone: 'UTC' });
    ana = await h.person('Ana', ['action_owner'], { timeZone: 'UTC' });
    rita = await h.person('Rita', ['action_owner'], { timeZone: 'UTC' });
    olaf = await h.person('Olaf', ['action_owner'], { timeZone: 'UTC' });
    vera = await h.person('Vera', ['auditor'], { timeZone: 'UTC' });
    vic = await h.person('Vic', ['auditor'], { timeZone: 'UTC' });
    const aimsId = (await h.newAims(paula, { timeZone: 'UTC', holidayRegion: null })).id;
    await h.advanceTo('2027-03-08T07:30:00Z'); // Monday
    // The builders throw unless the API answers 201 and 200.
    caseId = (await h.raiseCase(aimsId, owen, { title: 'Prompt log not reviewed', source: 'monitoring', severity: 'minor' })).id;
    await h.contain(caseId, owen, { correction: 'Logs reviewed by hand' });
    const plan = await h.call('POST', `/cases/${caseId}/root-cause`, owen.token, {
      method: 'five_whys',
      causes: ['No owner for the review'],
      similarExist: false,
      actions: [
        { title: 'Name a log reviewer', ownerId: ana.id, dueDate: '2027-04-05' },
        { title: 'Automate the review reminder', ownerId: rita.id, dueDate: '2027-04-05' },
      ],
    });
    expect(plan.status).toBe(200);
    await h.newEmails();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses a verifier who owns one of the actions of the plan', async () => {
    const refused = await h.call('POST', `/cases/${caseId}/plan-decision`, paula.token, { approve: true, verifierId: rita.id });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe('the verifier must not own one of the actions');
    expect((await get()).status).toBe('plan_approval');
    const approved = await h.call('POST', `/cases/${caseId}/plan-decision`, paula.token, { approve: true, verifierId: vera.id, comment: 'Go' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('implementation');
  });

  it('refuses to give an action to the verifier, and accepts another person', async () => {
    const anasAction = await taskOf('action', ana.id);
    const toVerifier = await reassign(anasAction.id, vera.id);
    expect(toVerifier.status).toBe(422);
    expect(toVerifier.body.detail).toBe('the verifier of the case must not own one of its actions');
    expect((await taskOf('action', ana.id)).id).toBe(anasAction.id);

    const ritasAction = await taskOf('action', rita.id);
    expect((await reassign(ritasAction.id, olaf.id)).status).toBe(200);
    const actions = (await get()).actions;
    for (const [action, who] of actions.map((a) => [a, a.ownerId === ana.id ? ana : olaf] as const)) {
      const done = await h.call('POST', `/cases/${caseId}/actions/${action.id}/completion`, who.token, { evidence: 'done' });
      expect(done.status).toBe(200);
    }
    const now = await get();
    expect(now.status).toBe('effectiveness');
    expect(now.verifierId).toBe(vera.id);
  });

  it('lets no programme manager record effectiveness for the named verifier', async () => {
    const byManager = await h.call('POST', `/cases/${caseId}/effectiveness`, paula.token, { effective: true, evidence: 'I checked' });
    expect(byManager.status).toBe(403);
    expect(byManager.body.detail).toMatch(/only the verifier named for this case may record effectiveness/);
    expect((await get()).status).toBe('effectiveness');
  });

  it('refuses to give the effectiveness task to the case owner or to any action owner, old or new', async () => {
    const effectiveness = await taskOf('effectiveness');
    expect(effectiveness.ownerId).toBe(vera.id);
    for (const [who, reason] of [
      [owen, 'the verifier must not be the owner of the case'],
      [ana, 'the verifier must not own one of the actions'],
      [olaf, 'the verifier must not own one of the actions'], // owns Rita's action since its reassignment
    ] as const) {
      const refused = await reassign(effectiveness.id, who.id);
      expect(refused.status, who.name).toBe(422);
      expect(refused.body.detail).toBe(reason);
    }
    expect((await taskOf('effectiveness')).ownerId).toBe(vera.id);
  });

  it('hands the review to another independent verifier, who closes the case; closure goes to the owner and the AIMS programme manager only', async () => {
    const effectiveness = await taskOf('effectiveness');
    expect((await reassign(effectiveness.id, vic.id)).status).toBe(200);
    expect((await get()).verifierId).toBe(vic.id);
    await h.newEmails();
    const byFormerVerifier = await h.call('POST', `/cases/${caseId}/effectiveness`, vera.token, { effective: true, evidence: 'fine' });
    expect(byFormerVerifier.status).toBe(403);

    const closed = await h.call('POST', `/cases/${caseId}/effectiveness`, vic.token, { effective: true, evidence: 'Reviews logged weekly since' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const closure = await h.newEmails();
    // Bob holds the programme manager role too, but this is not his AIMS.
    expect(closure.map((e) => e.to).sort()).toEqual(['owen@example.org', 'paula@example.org']);
    expect(closure.every((e) => e.subject.includes('Closed: Prompt log not reviewed'))).toBe(true);
    expect(bob.email).toBe('bob@example.org');
  });
});
