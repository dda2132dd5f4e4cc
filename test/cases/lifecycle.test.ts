import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../domain/nc-case';
import { EngineHarness, PUBLIC_BASE_URL, type Email } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

// One minor nonconformity from raising to closure, under time skipping, in an AIMS in Berlin with
// German public holidays, owned by someone in New York. Expected dates are worked out by hand
// from the policy defaults (SPEC): reminders 5 and 1 working days before the due date at 09:00
// in the recipient's zone, overdue the first working day after it, the manager at +3 working
// days, management at +10. Spring 2027: US clocks change on 14 March, EU clocks on 28 March,
// Good Friday is 26 March and Easter Monday 29 March.

const brief = (emails: Email[]) => emails.map((e) => ({ to: e.to, date: e.date.toISOString(), subject: e.subject }));

describe('a minor nonconformity through its whole lifecycle', () => {
  let h: EngineHarness;
  let pm: Awaited<ReturnType<EngineHarness['person']>>;
  let mia: typeof pm; // Owen's manager, Berlin
  let owen: typeof pm; // case owner, New York
  let ana: typeof pm; // action owner, Berlin
  let vera: typeof pm; // verifier, Berlin
  let aimsId: string;
  let caseId: string;

  beforeAll(async () => {
    h = await EngineHarness.start();
    pm = await h.person('Paula', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    mia = await h.person('Mia', ['action_owner'], { timeZone: 'Europe/Berlin' });
    owen = await h.person('Owen', ['action_owner'], { timeZone: 'America/New_York', managerId: mia.id });
    ana = await h.person('Ana', ['action_owner'], { timeZone: 'Europe/Berlin', managerId: mia.id });
    vera = await h.person('Vera', ['auditor'], { timeZone: 'Europe/Berlin' });
    const aims = await h.call('POST', '/aims', pm.token, {
      name: 'Acme AIMS',
      timeZone: 'Europe/Berlin',
      holidayRegion: 'DE',
      programmeManagerId: pm.id,
    });
    expect(aims.status).toBe(201);
    aimsId = aims.body.id;
    // Monday 8 March 2027, 08:30 in Berlin.
    await h.advanceTo('2027-03-08T07:30:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('assigns containment on raising, due ten working days later', async () => {
    const raised = await h.call('POST', '/cases', pm.token, {
      aimsId,
      title: 'Model card missing for credit scoring model',
      source: 'internal_audit',
      severity: 'minor',
      ownerId: owen.id,
      clauseRef: 'A.6.2.7',
    });
    expect(raised.status).toBe(201);
    caseId = raised.body.id;
    expect(raised.body).toMatchObject({ status: 'containment', severity: 'minor', raisedOn: '2027-03-08', nextDueDate: '2027-03-22' });
    expect(raised.body.reference).toMatch(/^NC-\d+$/);
    expect(raised.body.tasks).toEqual([expect.objectContaining({ step: 'containment', ownerId: owen.id, dueDate: '2027-03-22', status: 'open' })]);

    const [assignment, ...rest] = await h.newEmails();
    expect(rest).toEqual([]);
    expect(assignment).toMatchObject({ to: 'owen@example.org' });
    expect(assignment!.subject).toContain('Assigned to you: Containment and correction, due Monday 22 March 2027');
    expect(assignment!.text).toContain(`${PUBLIC_BASE_URL}/cases/${caseId}`);
    expect(assignment!.html).toContain(`href="${PUBLIC_BASE_URL}/cases/${caseId}"`);
  });

  it('reminds five working days before, at 09:00 New York time, after the US clock change', async () => {
    await h.advanceTo('2027-03-15T12:59:00Z');
    expect(await h.newEmails()).toEqual([]);
    await h.advanceTo('2027-03-15T13:01:00Z');
    expect(brief(await h.newEmails())).toEqual([
      {
        to: 'owen@example.org',
        date: '2027-03-15T13:00:00.000Z',
        subject: expect.stringContaining('Reminder: Containment and correction is due Monday 22 March 2027'),
      },
    ]);
  });

  it('refuses an extension to a holiday, then moves every timer when the manager approves one to the day before', async () => {
    const containment = (await h.call('GET', `/cases/${caseId}`, pm.token)).body.tasks[0];
    // A proposed due date must be a working day of the AIMS: Good Friday is refused, with the next one.
    const toHoliday = await h.call('POST', `/tasks/${containment.id}/extension-requests`, owen.token, { newDueDate: '2027-03-26', reason: 'On leave' });
    expect(toHoliday.status).toBe(422);
    expect(toHoliday.body.errors).toEqual([
      {
        field: 'body.newDueDate',
        reason: "2027-03-26 is not a working day in this AIMS's calendar (public holiday: Karfreitag); the next working day is 2027-03-30",
      },
    ]);
    const request = await h.call('POST', `/tasks/${containment.id}/extension-requests`, owen.token, {
      newDueDate: '2027-03-25',
      reason: 'The model owner is on leave until the 24th',
    });
    expect(request.status).toBe(201);
    const [asked] = await h.newEmails();
    expect(asked).toMatchObject({ to: 'mia@example.org' });
    expect(asked!.subject).toContain('Extension requested');

    const decided = await h.call('POST', `/tasks/${containment.id}/extension-requests/${request.body.requestId}/decision`, mia.token, {
      approve: true,
      comment: 'Fine, once',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ dueDate: '2027-03-25' });
    const [answer] = await h.newEmails();
    expect(answer).toMatchObject({ to: 'owen@example.org' });
    expect(answer!.subject).toContain('Extension approved');

    // Old plan: 1-day reminder on Fri 19 March for the 22nd. New plan: 5-day reminder on
    // Thu 18 March for Thursday the 25th, 1-day reminder on the 24th, and nothing on the 19th.
    await h.advanceTo('2027-03-19T13:01:00Z');
    expect(brief(await h.newEmails())).toEqual([
      { to: 'owen@example.org', date: '2027-03-18T13:00:00.000Z', subject: expect.stringContaining('is due Thursday 25 March 2027') },
    ]);
    await h.advanceTo('2027-03-25T13:01:00Z');
    expect(brief(await h.newEmails())).toEqual([{ to: 'owen@example.org', date: '2027-03-24T13:00:00.000Z', subject: expect.stringContaining('Reminder') }]);
  });

  it('sends the overdue notice on the first working day after Easter, and escalates to the manager after the EU clock change', async () => {
    await h.advanceTo('2027-03-30T13:01:00Z');
    expect(brief(await h.newEmails())).toEqual([
      {
        to: 'owen@example.org',
        date: '2027-03-30T13:00:00.000Z',
        subject: expect.stringContaining('Overdue: Containment and correction was due Thursday 25 March 2027'),
      },
    ]);
    // +3 working days from the 25th, past Good Friday and Easter Monday: 30th, 31st, 1 April; 09:00 in Berlin is now 07:00Z (CEST).
    await h.advanceTo('2027-04-01T07:01:00Z');
    const [escalation, ...rest] = await h.newEmails();
    expect(rest).toEqual([]);
    expect(escalation).toMatchObject({ to: 'mia@example.org' });
    expect(escalation!.date.toISOString()).toBe('2027-04-01T07:00:00.000Z');
    expect(escalation!.subject).toContain("Escalation: Owen's task is overdue");
  });

  it('stops the chase the moment the step is done and assigns the root-cause analysis', async () => {
    const submitted = await h.call('POST', `/cases/${caseId}/containment`, owen.token, { correction: 'Model card drafted and published' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('root_cause');
    const rootCause = submitted.body.tasks.find((t: { step: string }) => t.step === 'root_cause');
    // 30 working days from Thursday 1 April 2027, skipping Ascension Day (Thursday 6 May).
    expect(rootCause).toMatchObject({ ownerId: owen.id, dueDate: '2027-05-14', status: 'open' });
    const emails = await h.newEmails();
    expect(brief(emails)).toEqual([
      { to: 'owen@example.org', date: expect.any(String), subject: expect.stringContaining('Assigned to you: Root-cause analysis') },
    ]);
    // The management escalation of containment was due on 12 April: nothing comes.
    await h.advanceTo('2027-04-13T12:00:00Z');
    expect(await h.newEmails()).toEqual([]);
  });

  it('refuses a verifier who owns the case, then runs the actions and loops back when ineffective', async () => {
    const plan = await h.call('POST', `/cases/${caseId}/root-cause`, owen.token, {
      method: 'five_whys',
      causes: ['No release checklist for model documentation'],
      similarExist: true,
      similarDetails: 'Two other models lack cards',
      actions: [{ title: 'Add model card to the release checklist', ownerId: ana.id, dueDate: '2027-05-03' }],
    });
    expect(plan.status).toBe(200);
    expect(plan.body.status).toBe('plan_approval');
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['paula@example.org']);

    const selfVerified = await h.call('POST', `/cases/${caseId}/plan-decision`, pm.token, { approve: true, verifierId: owen.id });
    expect(selfVerified.status).toBe(422);
    expect(selfVerified.body.detail).toBe('the verifier must not be the owner of the case');
    expect((await h.call('GET', `/cases/${caseId}`, pm.token)).body.status).toBe('plan_approval');

    const approved = await h.call('POST', `/cases/${caseId}/plan-decision`, pm.token, { approve: true, verifierId: vera.id, comment: 'Go' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('implementation');
    const action = approved.body.actions[0];
    expect(action).toMatchObject({ ownerId: ana.id, dueDate: '2027-05-03', status: 'open' });
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['ana@example.org']);

    // Due on Monday 3 May (after Labour Day, a Saturday in 2027): the reminders are on the five and one working days before it.
    await h.advanceTo('2027-04-26T07:01:00Z');
    expect(brief(await h.newEmails())).toEqual([{ to: 'ana@example.org', date: '2027-04-26T07:00:00.000Z', subject: expect.stringContaining('Reminder') }]);

    const notHers = await h.call('POST', `/cases/${caseId}/actions/${action.id}/completion`, owen.token, { evidence: 'done' });
    expect(notHers.status).toBe(403);
    const done = await h.call('POST', `/cases/${caseId}/actions/${action.id}/completion`, ana.token, { evidence: 'Checklist v3 includes the model card' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('effectiveness');
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['vera@example.org']);
    // Ana's 1-day reminder (30 April) does not come: her action is done.
    await h.advanceTo('2027-04-30T12:00:00Z');
    expect(await h.newEmails()).toEqual([]);

    const byOwner = await h.call('POST', `/cases/${caseId}/effectiveness`, owen.token, { effective: true, evidence: 'looks fine to me' });
    expect(byOwner.status).toBe(403);
    const ineffective = await h.call('POST', `/cases/${caseId}/effectiveness`, vera.token, {
      effective: false,
      evidence: 'A new model shipped without a card',
    });
    expect(ineffective.status).toBe(200);
    expect(ineffective.body).toMatchObject({ status: 'root_cause', iteration: 2 });
    expect((await h.newEmails()).map((e) => e.to)).toEqual(['owen@example.org']);
  });

  it('closes when the second plan is effective, tells the owner and the programme manager, and keeps the history', async () => {
    await h.call('POST', `/cases/${caseId}/root-cause`, owen.token, {
      method: 'fishbone',
      causes: ['Checklist not enforced by the release pipeline'],
      similarExist: false,
      actions: [{ title: 'Block releases without a model card', ownerId: ana.id, dueDate: '2027-06-30' }],
    });
    await h.call('POST', `/cases/${caseId}/plan-decision`, pm.token, { approve: true, verifierId: vera.id });
    const current = (await h.call('GET', `/cases/${caseId}`, pm.token)).body;
    const second = current.actions.find((a: { iteration: number }) => a.iteration === 2);
    await h.call('POST', `/cases/${caseId}/actions/${second.id}/completion`, ana.token, { evidence: 'Pipeline gate live' });
    await h.newEmails();
    const closed = await h.call('POST', `/cases/${caseId}/effectiveness`, vera.token, { effective: true, evidence: 'No release without a card since' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();
    const closure = await h.newEmails();
    expect(closure.map((e) => e.to).sort()).toEqual(['owen@example.org', 'paula@example.org']);
    expect(closure[0]!.subject).toContain('Closed: Model card missing for credit scoring model');

    expect(closed.body.details.rootCauses).toHaveLength(2);
    expect(closed.body.details.effectivenessReviews.map((r: { effective: boolean }) => r.effective)).toEqual([false, true]);
    const actions = closed.body.timeline.filter((e: { entityType: string }) => e.entityType === 'nc_case').map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'raised',
      'containment_submitted',
      'root_cause_submitted',
      'plan_approved',
      'implementation_completed',
      'found_ineffective',
      'root_cause_submitted',
      'plan_approved',
      'implementation_completed',
      'closed',
    ]);
    expect(closed.body.tasks.every((t: { status: string }) => t.status !== 'open')).toBe(true);

    // With RECORD_HISTORIES set, the history the replay test holds later workflow code to.
    await recordHistory(h, caseWorkflowId(caseId), 'nc-case-email-outbox');
  });
});
