import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

// A due date a person proposes must be a working day of the AIMS calendar, as every deadline the
// engine computes is. Decided rule: refuse it, naming the field, the reason and the next working
// day. Here an AIMS in Paris with French public holidays, on Tuesday 6 April 2027: Saturday
// 24 April is a weekend day, Thursday 6 May is Ascension.

const SATURDAY = '2027-04-24';
const ASCENSION = '2027-05-06';
const SATURDAY_REASON = "2027-04-24 is not a working day in this AIMS's calendar (Saturday); the next working day is 2027-04-26";
const ASCENSION_REASON = "2027-05-06 is not a working day in this AIMS's calendar (public holiday: Ascension); the next working day is 2027-05-07";

describe('owner-proposed due dates on days the AIMS is closed', () => {
  let h: EngineHarness;
  type Person = Awaited<ReturnType<EngineHarness['person']>>;
  let pm: Person;
  let owner: Person;
  let chair: Person;
  let aimsId: string;

  // Throws unless the API answers 201.
  const raise = (title: string) => h.raiseCase(aimsId, owner, { title, source: 'incident', severity: 'minor' });
  const version = async (caseId: string) => (await h.db.selectFrom('nc_cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow()).version;
  const errorsOf = (body: { errors?: { field: string; reason: string }[] }) => (body.errors ?? []).map((e) => [e.field, e.reason]);

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Pauline', ['programme_manager'], { timeZone: 'Europe/Paris' });
    owner = await h.person('Odile', ['action_owner'], { timeZone: 'Europe/Paris' });
    chair = await h.person('Claude', ['management'], { timeZone: 'Europe/Paris' });
    aimsId = (await h.newAims(pm, { name: 'AIMS Paris', timeZone: 'Europe/Paris', holidayRegion: 'FR' })).id;
    await h.advanceTo('2027-04-06T07:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("refuses an action plan's due dates on a Saturday and on a public holiday, naming each action, and takes working days", async () => {
    const { id } = await raise('Model drift unnoticed');
    expect((await h.call('POST', `/cases/${id}/containment`, owner.token, { correction: 'Drift checked by hand' })).status).toBe(200);
    const plan = (dates: string[]) => ({
      method: 'five_whys',
      causes: ['No drift alert'],
      similarExist: false,
      actions: dates.map((dueDate, i) => ({ title: `Action ${i + 1}`, ownerId: owner.id, dueDate })),
    });
    const before = await version(id);
    const refused = await h.call('POST', `/cases/${id}/root-cause`, owner.token, plan([SATURDAY, '2027-04-26', ASCENSION]));
    expect(refused.status).toBe(422);
    expect(errorsOf(refused.body)).toEqual([
      ['body.actions.0.dueDate', SATURDAY_REASON],
      ['body.actions.2.dueDate', ASCENSION_REASON],
    ]);
    expect(refused.body.detail).toContain(`body.actions.0.dueDate: ${SATURDAY_REASON}`);
    expect(await version(id)).toBe(before);

    const accepted = await h.call('POST', `/cases/${id}/root-cause`, owner.token, plan(['2027-04-26', '2027-05-07']));
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('plan_approval');
  });

  it('refuses an extension to a Saturday or a public holiday, of any task, and takes a working day', async () => {
    const { tasks } = await raise('Complaint not logged');
    const containment = tasks[0]!;
    const ask = (newDueDate: string) => h.call('POST', `/tasks/${containment.id}/extension-requests`, owner.token, { newDueDate, reason: 'Supplier late' });
    for (const [date, reason] of [
      [SATURDAY, SATURDAY_REASON],
      [ASCENSION, ASCENSION_REASON],
    ] as const) {
      const refused = await ask(date);
      expect(refused.status).toBe(422);
      expect(errorsOf(refused.body)).toEqual([['body.newDueDate', reason]]);
    }
    const task = await h.db.selectFrom('tasks').select(['extensions', 'due_date']).where('id', '=', containment.id).executeTakeFirstOrThrow();
    expect([task.extensions, task.due_date]).toEqual([[], containment.dueDate]);
    expect((await ask('2027-05-07')).status).toBe(201);
  });

  it("refuses a review decision's action due on a Saturday or a public holiday, before the command reaches the review", async () => {
    const started = await h.call('POST', `/aims/${aimsId}/reviews`, pm.token, {
      chairId: chair.id,
      attendeeIds: [pm.id],
      inputOwners: { a: pm.id, b: owner.id, c: owner.id, d: owner.id, e: pm.id },
      firstMeetingDate: '2027-04-20',
    });
    expect(started.status).toBe(201);
    // The meeting is less than 20 working days away: the review opens at once.
    let reviewId: string | undefined;
    for (let i = 0; i < 50 && !reviewId; i++) {
      reviewId = (await h.call('GET', `/reviews?aimsId=${aimsId}`, pm.token)).body.items?.[0]?.id;
      if (!reviewId) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(reviewId).toBeDefined();
    const meeting = (dueDate: string) =>
      h.call('POST', `/reviews/${reviewId}/meeting`, chair.token, {
        attendeeIds: [chair.id, pm.id],
        minutes: 'm',
        decisions: [{ kind: 'improvement', text: 'Add drift alerts', action: { title: 'Drift alerts', ownerId: owner.id, dueDate } }],
      });
    for (const [date, reason] of [
      [SATURDAY, SATURDAY_REASON],
      [ASCENSION, ASCENSION_REASON],
    ] as const) {
      const refused = await meeting(date);
      expect(refused.status).toBe(422);
      expect(errorsOf(refused.body)).toEqual([['body.decisions.0.action.dueDate', reason]]);
    }
    // A working day passes the date check; the review itself then says the meeting has not begun.
    expect((await meeting('2027-05-07')).status).toBe(409);
  });
});
