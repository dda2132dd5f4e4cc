import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillReviewCycles } from '../../main/review-cycles-backfill';
import { EngineHarness } from '../support/engine-harness';
import { webSession } from '../support/web-session';

// An annual review cycle in a Berlin/DE AIMS started on 1 April 2027 with its first meeting 90
// days out (Wednesday 30 June 2027, 10:00 Berlin). Before it opens (20 working days before, on
// Wednesday 2 June at 09:00) the cycle, its planned meetings, the AIMS feed and the calendar page
// already show it; once it opens, the invitation carries the UID the feed showed all along.

describe('planned management reviews before they open', () => {
  let h: EngineHarness;
  let p: Record<'pia' | 'carla' | 'owen', Awaited<ReturnType<EngineHarness['person']>>>;
  let aimsId: string;
  let feedUrl: string;
  let plannedId: string;

  const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
  const reviewEvents = async () => {
    const response = await fetch(h.api.url + new URL(feedUrl).pathname);
    expect(response.status).toBe(200);
    const calendar = parse(await response.text());
    ICAL.TimezoneService.register(calendar.getFirstSubcomponent('vtimezone')!);
    return calendar
      .getAllSubcomponents('vevent')
      .map((v) => ({ v, e: new ICAL.Event(v) }))
      .filter(({ e }) => e.uid.startsWith('management-review-'));
  };

  beforeAll(async () => {
    h = await EngineHarness.start();
    p = {
      pia: await h.person('Pia', ['programme_manager'], { timeZone: 'Europe/Berlin' }),
      carla: await h.person('Carla', ['management'], { timeZone: 'Europe/Berlin' }),
      owen: await h.person('Owen', ['action_owner'], { timeZone: 'Europe/Berlin' }),
    };
    aimsId = (await h.call('POST', '/aims', p.pia.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: p.pia.id }))
      .body.id;
    await h.advanceTo('2027-04-01T08:00:00Z');
    const started = await h.call('POST', `/aims/${aimsId}/reviews`, p.pia.token, {
      chairId: p.carla.id,
      attendeeIds: [p.pia.id],
      inputOwners: { a: p.pia.id, b: p.owen.id, c: p.owen.id, d: p.owen.id, e: p.owen.id },
      firstMeetingDate: '2027-06-30',
    });
    expect(started.status).toBe(201);
    feedUrl = (await h.call('POST', '/feeds/token', p.owen.token)).body.aimsFeedUrls[0].url;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('reads the cycle: who, how often, and the next three meetings with their opening and input due dates', async () => {
    expect((await h.call('GET', `/aims/${crypto.randomUUID()}/review-cycle`, p.owen.token)).status).toBe(404);
    const cycle = await h.call('GET', `/aims/${aimsId}/review-cycle`, p.owen.token);
    expect(cycle.status).toBe(200);
    expect(cycle.body).toMatchObject({
      aimsId,
      chairId: p.carla.id,
      attendeeIds: [p.pia.id],
      inputOwners: { a: p.pia.id, b: p.owen.id },
      intervalMonths: 12,
      nextIndex: 0,
    });
    // 30 June 2029 is a Saturday: the meeting moves to Monday 2 July, as the workflow will plan it.
    expect(cycle.body.planned.map((r: Record<string, unknown>) => [r.index, r.meetingDate, r.meetingAt, r.opensAt, r.inputsDue])).toEqual([
      [0, '2027-06-30', '2027-06-30T08:00:00.000Z', '2027-06-02T07:00:00.000Z', '2027-06-23'],
      [1, '2028-06-30', '2028-06-30T08:00:00.000Z', '2028-06-01T07:00:00.000Z', '2028-06-23'],
      [2, '2029-07-02', '2029-07-02T08:00:00.000Z', '2029-06-04T07:00:00.000Z', '2029-06-25'],
    ]);
    plannedId = cycle.body.planned[0].reviewId;
  });

  it('lists planned reviews apart from opened ones: no review record exists yet', async () => {
    const reviews = (await h.call('GET', `/reviews?aimsId=${aimsId}`, p.owen.token)).body;
    expect(reviews.items).toEqual([]);
    expect(reviews.planned.map((r: { status: string; meetingDate: string }) => `${r.status} ${r.meetingDate}`)).toEqual([
      'planned 2027-06-30',
      'planned 2028-06-30',
      'planned 2029-07-02',
    ]);
    expect((await h.call('GET', '/reviews', p.owen.token)).body.planned).toHaveLength(3);
    expect((await h.call('GET', `/reviews/${plannedId}`, p.owen.token)).status).toBe(404);
  });

  it('puts the planned meetings in the AIMS feed, timed in the AIMS zone and tentative', async () => {
    const events = await reviewEvents();
    expect(events.map(({ e }) => [e.uid, e.summary, e.startDate.toString(), e.endDate.toString()])).toEqual([
      [`management-review-${plannedId}@aims-cycles`, 'Management review (planned)', '2027-06-30T10:00:00', '2027-06-30T12:00:00'],
      [expect.stringMatching(/^management-review-/), 'Management review (planned)', '2028-06-30T10:00:00', '2028-06-30T12:00:00'],
      [expect.stringMatching(/^management-review-/), 'Management review (planned)', '2029-07-02T10:00:00', '2029-07-02T12:00:00'],
    ]);
    for (const { v } of events) {
      expect(v.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
      expect(v.getFirstPropertyValue('status')).toBe('TENTATIVE');
    }
    expect(events[0]!.e.startDate.toUnixTime()).toBe(Date.parse('2027-06-30T08:00:00Z') / 1000);
  });

  it('shows them on the calendar page', async () => {
    const response = await fetch(`${h.api.url}/ui/calendar?aimsId=${aimsId}`, {
      headers: { cookie: (await webSession(h.api.url, p.owen.token)).cookie },
      redirect: 'manual',
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('Management review meeting, review 1');
    expect(page).toContain('2027-06-30 10:00');
    expect(page).toContain('2029-07-02 10:00');
  });

  it('recovers the row of a cycle started before cycles were kept, from the running workflow', async () => {
    const before = (await h.call('GET', `/aims/${aimsId}/review-cycle`, p.owen.token)).body;
    await h.db.deleteFrom('review_cycles').where('aims_id', '=', aimsId).execute();
    expect((await h.call('GET', `/aims/${aimsId}/review-cycle`, p.owen.token)).status).toBe(404);
    expect(await backfillReviewCycles(h.db, h.env.client.workflow)).toBe(1);
    expect((await h.call('GET', `/aims/${aimsId}/review-cycle`, p.owen.token)).body).toEqual(before);
    expect(await backfillReviewCycles(h.db, h.env.client.workflow)).toBe(0);
  });

  it('lists a cycle whose meetings leave the calendar range only as far as they can be planned', async () => {
    // As stored before the edge bounded dates: the second meeting would fall in year 10000.
    const other = (
      await h.call('POST', '/aims', p.pia.token, { name: 'Far AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: p.pia.id })
    ).body.id;
    await h.db
      .insertInto('review_cycles')
      .values({
        aims_id: other,
        workflow_id: `test-${other}`,
        chair_id: p.carla.id,
        attendee_ids: [],
        input_owners: '{}',
        first_meeting_date: '9999-06-01',
        interval_months: 12,
        next_index: 0,
        version: 1,
      })
      .execute();
    const cycle = await h.call('GET', `/aims/${other}/review-cycle`, p.owen.token);
    expect(cycle.status).toBe(200);
    expect(cycle.body.planned.map((r: { meetingDate: string }) => r.meetingDate)).toEqual(['9999-06-01']);
    expect((await h.call('GET', '/reviews', p.owen.token)).status).toBe(200);
    await h.db.deleteFrom('review_cycles').where('aims_id', '=', other).execute();
  });

  it('opens the review under the planned id: the invitation and the feed keep the UID, nothing is duplicated', async () => {
    await h.advanceTo('2027-06-02T07:01:00Z');
    const invitation = (await h.newEmails()).find((e) => e.to === 'carla@example.org' && e.subject.includes('Invitation'));
    const ics = invitation!.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content.toString('utf8');
    expect(new ICAL.Event(parse(ics).getFirstSubcomponent('vevent')!).uid).toBe(`management-review-${plannedId}@aims-cycles`);

    const reviews = (await h.call('GET', `/reviews?aimsId=${aimsId}`, p.owen.token)).body;
    expect(reviews.items.map((r: { id: string; status: string }) => r.id)).toEqual([plannedId]);
    expect(reviews.planned.map((r: { meetingDate: string }) => r.meetingDate)).toEqual(['2028-06-30', '2029-07-02', '2030-07-01']);

    const events = await reviewEvents();
    expect(events.filter(({ e }) => e.uid === `management-review-${plannedId}@aims-cycles`).map(({ e }) => e.summary)).toEqual([
      expect.stringMatching(/^Management review MR-\d+$/),
    ]);
    expect(events).toHaveLength(4);
    expect(new Set(events.map(({ e }) => e.uid)).size).toBe(4);
  });
});
