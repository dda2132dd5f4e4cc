import { expectSentPromptlyAt } from '../support/email-timing';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewCycleWorkflowId, reviewWorkflowId } from '../../domain/review';
import { EngineHarness } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

// An annual review cycle in a Berlin/DE AIMS, first meeting Tuesday 15 June 2027 at 10:00
// Berlin time. It opens 20 working days before (Tuesday 18 May, after Whit Monday 17 May),
// inputs are due 5 working days before (Tuesday 8 June).

describe('an annual management review cycle', () => {
  let h: EngineHarness;
  let p: Record<'pia' | 'carla' | 'mo' | 'owen' | 'ina' | 'mia', Awaited<ReturnType<EngineHarness['person']>>>;
  let aimsId: string;
  let reviewId: string;

  const review = async (id = reviewId) => (await h.call('GET', `/reviews/${id}`, p.pia.token)).body;

  beforeAll(async () => {
    h = await EngineHarness.start();
    const mia = await h.person('Mia', ['action_owner'], { timeZone: 'Europe/Berlin' });
    p = {
      pia: await h.person('Pia', ['programme_manager'], { timeZone: 'Europe/Berlin' }),
      carla: await h.person('Carla', ['management'], { timeZone: 'Europe/Berlin' }),
      mo: await h.person('Mo', ['management'], { timeZone: 'Europe/London' }),
      owen: await h.person('Owen', ['action_owner'], { timeZone: 'Europe/Berlin', managerId: mia.id }),
      ina: await h.person('Ina', ['action_owner'], { timeZone: 'Europe/Berlin' }),
      mia,
    };
    aimsId = (await h.call('POST', '/aims', p.pia.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: p.pia.id }))
      .body.id;
    await h.advanceTo('2027-04-01T08:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('invites the attendees with a calendar invitation in the AIMS zone and requests each input from its owner', async () => {
    const started = await h.call('POST', `/aims/${aimsId}/reviews`, p.pia.token, {
      chairId: p.carla.id,
      attendeeIds: [p.mo.id, p.pia.id],
      inputOwners: { a: p.pia.id, b: p.owen.id, c: p.owen.id, d: p.ina.id, e: p.ina.id },
      firstMeetingDate: '2027-06-15',
    });
    expect(started.status).toBe(201);
    await h.advanceTo('2027-05-18T06:59:00Z');
    expect(await h.newEmails()).toEqual([]);
    await h.advanceTo('2027-05-18T07:01:00Z');
    const emails = await h.newEmails();
    const invitations = emails.filter((e) => e.subject.includes('Invitation: management review'));
    expect(invitations.map((e) => e.to).sort()).toEqual(['carla@example.org', 'mo@example.org', 'pia@example.org']);
    for (const invitation of invitations) expectSentPromptlyAt(invitation.date, '2027-05-18T07:00:00.000Z');
    const inputRequests = emails.filter((e) => e.subject.includes('Assigned to you: Review input'));
    expect(inputRequests.map((e) => e.to).sort()).toEqual(['ina@example.org', 'ina@example.org', 'owen@example.org', 'owen@example.org', 'pia@example.org']);
    expect(inputRequests[0]!.subject).toContain('due Tuesday 8 June 2027');

    const attachment = invitations[0]!.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const calendar = new ICAL.Component(ICAL.parse(attachment!.content.toString('utf8')));
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    ICAL.TimezoneService.register(zone);
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
    const event = new ICAL.Event(vevent);
    expect(event.startDate.toString()).toBe('2027-06-15T10:00:00');
    expect(event.startDate.toUnixTime()).toBe(Date.parse('2027-06-15T08:00:00Z') / 1000);
    expect(event.endDate.toString()).toBe('2027-06-15T12:00:00');
    expect(event.summary).toMatch(/^Management review MR-\d+$/);
    reviewId = (await h.call('GET', `/reviews?aimsId=${aimsId}`, p.pia.token)).body.items[0].id;
  });

  it('reminds the late owner of an input and escalates to the chair, not to their manager', async () => {
    for (const [who, inputId] of [
      ['pia', 'a'],
      ['owen', 'c'],
      ['ina', 'd'],
      ['ina', 'e'],
    ] as const) {
      const done = await h.call('POST', `/reviews/${reviewId}/inputs/${inputId}`, p[who].token, { text: `Input ${inputId} from ${who}` });
      expect(done.status).toBe(200);
    }
    expect((await h.call('POST', `/reviews/${reviewId}/inputs/b`, p.ina.token, { text: 'not mine' })).status).toBe(403);
    await h.advanceTo('2027-06-11T07:01:00Z');
    const late = (await h.newEmails()).map((e) => `${e.date.toISOString()} ${e.to} ${e.subject.replace(/^\[[^\]]+\] /, '').split(':')[0]}`);
    expect(late).toEqual([
      '2027-06-01T07:00:00.000Z owen@example.org Reminder',
      '2027-06-07T07:00:00.000Z owen@example.org Reminder',
      '2027-06-09T07:00:00.000Z owen@example.org Overdue',
      '2027-06-11T07:00:00.000Z carla@example.org Escalation',
    ]);
    expect((await h.call('POST', `/reviews/${reviewId}/inputs/b`, p.owen.token, { text: 'Changes in external issues: the EU AI Act applies' })).status).toBe(
      200,
    );
  });

  it('compiles the pack when the meeting starts, records minutes and decisions, and closes on the chair’s approval', async () => {
    expect((await h.call('POST', `/reviews/${reviewId}/meeting`, p.carla.token, { attendeeIds: [p.carla.id], minutes: 'm', decisions: [] })).status).toBe(409);
    await h.advanceTo('2027-06-15T08:01:00Z');
    expect((await review()).status).toBe('meeting');
    const page = await fetch(`${h.api.url}/reviews/${reviewId}/pack.html`, { headers: { authorization: `Bearer ${p.carla.token}` } });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('the EU AI Act applies');

    const meeting = await h.call('POST', `/reviews/${reviewId}/meeting`, p.carla.token, {
      attendeeIds: [p.carla.id, p.mo.id, p.pia.id],
      minutes: 'The AIMS remains suitable; AI Act readiness discussed.',
      decisions: [
        {
          kind: 'improvement',
          text: 'Map every AI system to the AI Act risk classes',
          action: { title: 'AI Act risk classification', ownerId: p.ina.id, dueDate: '2027-09-30' },
        },
        { kind: 'change', text: 'Add the AI Act to the scope statement' },
      ],
    });
    expect(meeting.status).toBe(200);
    expect(meeting.body.status).toBe('minutes_recorded');
    expect((await h.newEmails()).map((e) => `${e.to} ${e.subject.split(': ')[0]}`)).toEqual([expect.stringMatching(/^ina@example.org .*Assigned to you$/)]);
    expect((await h.call('POST', `/reviews/${reviewId}/approval`, p.pia.token, {})).status).toBe(403);
    const closed = await h.call('POST', `/reviews/${reviewId}/approval`, p.carla.token, {});
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
  });

  it("lists the decision's action under input (a) of the next review, with its status", async () => {
    await h.advanceTo('2028-05-20T00:00:00Z');
    const reviews = (await h.call('GET', `/reviews?aimsId=${aimsId}`, p.pia.token)).body.items;
    expect(reviews.map((r: { meetingDate: string }) => r.meetingDate)).toEqual(['2027-06-15', '2028-06-15']);
    const next = reviews[1].id;
    const pack = (await h.call('GET', `/reviews/${next}/pack`, p.pia.token)).body;
    expect(pack.period.start).toBe('2027-06-15');
    expect(pack.previousActions).toEqual([
      expect.objectContaining({ title: 'AI Act risk classification', ownerId: p.ina.id, dueDate: '2027-09-30', status: 'open', overdue: true }),
    ]);

    const action = (await review()).tasks.find((t: { step: string }) => t.step === 'decision_action');
    expect((await h.call('POST', `/reviews/${reviewId}/actions/${action.id}/completion`, p.ina.token, { evidence: 'Register updated' })).status).toBe(200);
    const after = (await h.call('GET', `/reviews/${next}/pack`, p.pia.token)).body;
    expect(after.previousActions).toEqual([expect.objectContaining({ title: 'AI Act risk classification', status: 'done', overdue: false })]);

    // With RECORD_HISTORIES set, the history the replay test holds later workflow code to: the
    // first review from its opening to its decision's action done.
    await recordHistory(h, reviewWorkflowId(aimsId, 0), 'management-review-email-outbox');
    // Each run of the cycle plans, opens and starts one review, then continues as new: short by design.
    await recordHistory(h, reviewCycleWorkflowId(aimsId), 'review-cycle-one-review', { run: 0 });
  });
});
