import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

// One AIMS in Berlin (German holidays) with a quarterly audit programme (first fieldwork Monday
// 1 March 2027), an annual review cycle (first meeting Tuesday 16 March 2027, 10:00 Berlin) and
// a certification decided on 4 January 2027. On 17 February 2027 the first audit and the first
// review are open, so Pia and Owen have tasks, and the AIMS has an audit, a timed meeting and
// external audits to show. Feeds are fetched without any Authorization header, as a calendar
// app would, and read with ical.js, a parser independent of the generator.

type Person = Awaited<ReturnType<EngineHarness['person']>>;

describe('iCalendar feeds behind a revocable feed token', () => {
  let h: EngineHarness;
  let p: Record<'pia' | 'carla' | 'owen' | 'ada' | 'ina', Person>;
  let aimsId: string;

  /** The feed at a URL the API handed out (its public base URL swapped for the test server). */
  const fetchFeed = (url: string) => fetch(h.api.url + new URL(url).pathname);
  const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
  const issue = async (who: Person) => {
    const issued = await h.call('POST', '/feeds/token', who.token);
    expect(issued.status).toBe(201);
    return issued.body as { personFeedUrl: string; aimsFeedUrls: { aimsId: string; name: string; url: string }[]; createdAt: string };
  };
  const eventsOf = (calendar: ICAL.Component) => calendar.getAllSubcomponents('vevent').map((v) => ({ v, e: new ICAL.Event(v) }));

  beforeAll(async () => {
    h = await EngineHarness.start();
    p = {
      pia: await h.person('Pia', ['programme_manager'], { timeZone: 'Europe/Berlin', department: 'Quality' }),
      carla: await h.person('Carla', ['management'], { timeZone: 'Europe/Berlin' }),
      owen: await h.person('Owen', ['action_owner'], { timeZone: 'America/New_York' }),
      ada: await h.person('Ada', ['admin'], { timeZone: 'Europe/London' }),
      ina: await h.person('Ina', ['action_owner', 'auditor'], { timeZone: 'Europe/Berlin' }),
    };
    aimsId = (await h.call('POST', '/aims', p.pia.token, { name: 'Acme AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: p.pia.id }))
      .body.id;
    await h.advanceTo('2027-01-04T10:00:00Z');
    const ok = (r: { status: number; body: unknown }, status = 200) => expect(r.status, JSON.stringify(r.body)).toBe(status);
    ok(await h.call('POST', `/aims/${aimsId}/programme`, p.pia.token, { cadence: 'quarterly', anchorDate: '2027-03-01' }), 201);
    ok(
      await h.call('POST', `/aims/${aimsId}/reviews`, p.pia.token, {
        chairId: p.carla.id,
        attendeeIds: [p.pia.id],
        inputOwners: { a: p.pia.id, b: p.owen.id, c: p.owen.id, d: p.owen.id, e: p.owen.id },
        firstMeetingDate: '2027-03-16',
      }),
      201,
    );
    const cert = (path: string, body: unknown) => h.call('POST', `/aims/${aimsId}/certification/${path}`, p.pia.token, body);
    ok(await h.call('POST', `/aims/${aimsId}/certification`, p.pia.token, {}), 201);
    ok(await cert('body', { name: 'TÜV Example' }));
    ok(await cert('stage1', { date: '2026-11-16', outcome: 'passed' }));
    ok(await cert('stage2', { date: '2026-12-14', outcome: 'passed' }));
    ok(await cert('decision', { date: '2027-01-04' }));
    ok(await cert('external-audits', { kind: 'surveillance-1', date: '2027-01-04', outcome: 'failed', findings: [] }));
    await h.advanceTo('2027-02-17T10:00:00Z');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("serves a person's open tasks as all-day events on their due dates", async () => {
    const urls = await issue(p.owen);
    expect(urls.personFeedUrl).toMatch(new RegExp(`^${h.api.config.api.publicBaseUrl}/feeds/[A-Za-z0-9_-]{43}/person\\.ics$`));
    expect(urls.aimsFeedUrls).toEqual([{ aimsId, name: 'Acme AIMS', url: urls.personFeedUrl.replace('person.ics', `aims/${aimsId}.ics`) }]);

    const response = await fetchFeed(urls.personFeedUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const calendar = parse(await response.text());
    const tasks = (await h.call('GET', '/tasks', p.owen.token)).body.items as { id: string; title: string; dueDate: string; itemId: string }[];
    expect(tasks).toHaveLength(4); // review inputs b-e
    const events = eventsOf(calendar);
    expect(events.map(({ e }) => e.uid).sort()).toEqual(tasks.map((t) => `task-${t.id}@aims-cycles`).sort());
    const review = (await h.call('GET', `/reviews?aimsId=${aimsId}`, p.pia.token)).body.items[0];
    for (const { v, e } of events) {
      const task = tasks.find((t) => e.uid === `task-${t.id}@aims-cycles`)!;
      expect(v.getFirstProperty('dtstart')!.type).toBe('date');
      expect(e.startDate.isDate).toBe(true);
      expect(e.startDate.toString()).toBe(task.dueDate);
      expect(e.endDate.toString()).toBe(DateTime.fromISO(task.dueDate).plus({ days: 1 }).toISODate());
      expect(e.summary).toBe(`[${review.reference}] ${task.title}`);
      expect(e.description).toContain(`${h.api.config.api.publicBaseUrl}/reviews/${task.itemId}`);
    }

    // Pia has the audit's team request and review input a, from two kinds of item.
    const pia = eventsOf(parse(await (await fetchFeed((await issue(p.pia)).personFeedUrl)).text())).map(({ e }) => e.summary);
    expect(pia.sort()).toEqual([expect.stringMatching(/^\[IA-\d+\] /), expect.stringMatching(/^\[MR-\d+\] /)]);
  });

  it('serves the AIMS feed: audits and external audits as all-day events, the review meeting timed in the AIMS zone', async () => {
    const [aimsFeed] = (await issue(p.ina)).aimsFeedUrls;
    const response = await fetchFeed(aimsFeed!.url);
    expect(response.status).toBe(200);
    const calendar = parse(await response.text());
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    ICAL.TimezoneService.register(zone);
    const events = eventsOf(calendar);
    const bySummary = new Map(events.map(({ v, e }) => [e.summary, { v, e }]));

    // The opened audit and the next four occurrences of the programme.
    const [audit] = (await h.call('GET', `/audits?aimsId=${aimsId}`, p.pia.token)).body.items;
    const fieldwork = bySummary.get(`[${audit.reference}] Internal audit fieldwork`)!.e;
    expect([fieldwork.startDate.isDate, fieldwork.startDate.toString(), fieldwork.endDate.toString()]).toEqual([true, '2027-03-01', '2027-03-06']);
    expect(events.filter(({ e }) => e.summary === 'Internal audit fieldwork starts (planned)').map(({ e }) => e.startDate.toString())).toEqual([
      '2027-06-01',
      '2027-09-01',
      '2027-12-01',
      '2028-03-01',
    ]);

    // The meeting: TZID Europe/Berlin, 10:00 local, the instant the record holds, two hours.
    const row = await h.db.selectFrom('reviews').select(['id', 'number', 'meeting_at']).where('aims_id', '=', aimsId).executeTakeFirstOrThrow();
    const meeting = bySummary.get(`Management review MR-${row.number}`)!;
    expect(meeting.e.uid).toBe(`management-review-${row.id}@aims-cycles`);
    expect(meeting.v.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(meeting.e.startDate.toString()).toBe('2027-03-16T10:00:00');
    expect(meeting.e.startDate.toUnixTime()).toBe(row.meeting_at.getTime() / 1000);
    expect(row.meeting_at.toISOString()).toBe('2027-03-16T09:00:00.000Z');
    expect(meeting.e.endDate.toString()).toBe('2027-03-16T12:00:00');

    // Certification: stages, the failed surveillance audit (still planned), what is due, the expiry.
    const allDay = events.filter(({ e }) => e.startDate.isDate && e.summary.match(/CERT|stage/)).map(({ e }) => `${e.startDate} ${e.summary}`);
    expect(allDay.sort()).toEqual([
      '2026-11-16 Certification stage 1 audit (passed)',
      '2026-12-14 Certification stage 2 audit (passed)',
      '2027-01-04 [CERT-1] Surveillance audit 1 (failed)',
      '2028-01-04 [CERT-1] Surveillance audit 1 due (latest date)',
      '2029-01-04 [CERT-1] Surveillance audit 2 due (latest date)',
      '2030-01-03 [CERT-1] Recertification audit due (latest date)',
      '2030-01-04 [CERT-1] Certificate expires',
    ]);
    // The next three meetings of the review cycle, planned, under the ids their reviews will have.
    const planned = (await h.call('GET', `/aims/${aimsId}/review-cycle`, p.pia.token)).body.planned as { reviewId: string }[];
    expect(events.filter(({ e }) => e.summary === 'Management review (planned)').map(({ e }) => e.uid)).toEqual(
      planned.map((r) => `management-review-${r.reviewId}@aims-cycles`),
    );
    expect(events).toHaveLength(1 + 4 + 1 + 3 + 7);
    expect(new Set(events.map(({ e }) => e.uid)).size).toBe(events.length);
  });

  it('answers 404 for an unknown AIMS, an unknown token, a replaced token and a revoked one', async () => {
    const first = await issue(p.ina);
    expect((await fetchFeed(first.personFeedUrl)).status).toBe(200);
    const unknownAims = await fetchFeed(first.personFeedUrl.replace('person.ics', 'aims/00000000-0000-4000-8000-000000000000.ics'));
    expect(unknownAims.status).toBe(404);
    expect((await fetchFeed(first.personFeedUrl.replace('person.ics', 'aims/nope.ics'))).status).toBe(404);
    for (const path of [`/feeds/${'A'.repeat(43)}/person.ics`, '/feeds/short/person.ics', `/feeds/${'A'.repeat(43)}/aims/${aimsId}.ics`]) {
      const response = await fetch(h.api.url + path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }

    // A new token replaces the old one: the first URLs stop working at once.
    const second = await issue(p.ina);
    expect(second.personFeedUrl).not.toBe(first.personFeedUrl);
    expect((await fetchFeed(first.personFeedUrl)).status).toBe(404);
    expect((await fetchFeed(first.aimsFeedUrls[0]!.url)).status).toBe(404);
    expect((await fetchFeed(second.personFeedUrl)).status).toBe(200);

    // The holder revokes it.
    expect((await h.call('DELETE', '/feeds/token', p.ina.token)).status).toBe(204);
    expect((await fetchFeed(second.personFeedUrl)).status).toBe(404);
    expect((await fetchFeed(second.aimsFeedUrls[0]!.url)).status).toBe(404);
    expect((await h.call('DELETE', '/feeds/token', p.ina.token)).status).toBe(404);

    // Only the secret's hash is stored, and each change is in the audit trail.
    const rows = await h.db.selectFrom('feed_tokens').selectAll().where('person_id', '=', p.ina.id).execute();
    expect(rows.map((r) => r.revoked_at !== null)).toEqual([true, true, true]);
    const secret = second.personFeedUrl.split('/').at(-2)!;
    expect(rows.some((r) => r.token_hash.includes(secret))).toBe(false);
    const trail = await h.db
      .selectFrom('audit_trail')
      .select(['action', 'actor_id'])
      .where('entity_type', '=', 'feed_token')
      .where('actor_id', '=', p.ina.id)
      .execute();
    expect(trail.map((t) => t.action).sort()).toEqual(['issued', 'issued', 'issued', 'revoked']);
  });

  it("lets an admin revoke someone's feed token, and nobody else", async () => {
    const urls = await issue(p.owen);
    expect((await h.call('DELETE', `/people/${p.owen.id}/feed-token`, p.ina.token)).status).toBe(403);
    expect((await fetchFeed(urls.personFeedUrl)).status).toBe(200);
    expect((await h.call('DELETE', `/people/${p.owen.id}/feed-token`, p.ada.token)).status).toBe(204);
    expect((await fetchFeed(urls.personFeedUrl)).status).toBe(404);
    expect((await h.call('DELETE', `/people/${p.owen.id}/feed-token`, p.ada.token)).status).toBe(404);
  });
});
