import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHarness } from '../support/engine-harness';

// A CR/LF in any text that reaches iCalendar (an AIMS name, a person's name, a task title) must
// stay inside its property: written by ical-generator's escaping, never as raw lines. Names are
// set in SQL, as data stored before the edge refused control characters would be. The feeds and
// the emailed invitation are read with ical.js, a parser independent of the generator.

const inject = (label: string) =>
  `${label}\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected-${label}\r\nDTSTART:20270101T000000Z\r\nSUMMARY:Injected\nX-INJECTED:1`;
const asParsed = (text: string) => text.replace(/\r\n?/g, '\n');
/** X-WR-CALNAME is an X- property: ical.js hands its value back as written, escapes included. */
const asEscaped = (text: string) => text.replace(/\r\n|\r|\n/g, '\\n');

describe('text in calendars cannot inject iCalendar lines', () => {
  let h: EngineHarness;
  let p: Record<'pia' | 'carla' | 'owen', Awaited<ReturnType<EngineHarness['person']>>>;
  let aimsId: string;
  let invitationIcs: string;

  const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
  const fetchFeed = async (url: string) => {
    const response = await fetch(h.api.url + new URL(url).pathname);
    expect(response.status).toBe(200);
    return response.text();
  };
  /** No line of the raw text starts a component or property the generator did not write. */
  const expectNoInjectedLines = (text: string) => {
    const lines = text.split('\r\n');
    expect(lines.filter((l) => /^(UID:injected|X-INJECTED|SUMMARY:Injected)/.test(l))).toEqual([]);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT').length).toBe(lines.filter((l) => l === 'END:VEVENT').length);
    expect(text).not.toMatch(/[^\r]\n|\r[^\n]/);
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
    await h.db
      .updateTable('aims')
      .set({ name: inject('aims') })
      .where('id', '=', aimsId)
      .execute();
    for (const who of ['carla', 'owen'] as const)
      await h.db
        .updateTable('people')
        .set({ name: inject(who) })
        .where('id', '=', p[who].id)
        .execute();
    await h.advanceTo('2027-06-01T08:00:00Z');
    const started = await h.call('POST', `/aims/${aimsId}/reviews`, p.pia.token, {
      chairId: p.carla.id,
      attendeeIds: [p.owen.id],
      inputOwners: { a: p.owen.id, b: p.owen.id, c: p.owen.id, d: p.owen.id, e: p.owen.id },
      firstMeetingDate: '2027-06-30',
    });
    expect(started.status).toBe(201);
    await h.advanceTo('2027-06-02T07:01:00Z');
    const invitation = (await h.newEmails()).find((e) => e.to === 'owen@example.org' && e.subject.includes('Invitation'))!;
    invitationIcs = invitation.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content.toString('utf8');
    // A task title with a line break, as an item's title would carry it into the person feed.
    await h.db
      .updateTable('tasks')
      .set({ title: inject('task') })
      .where('owner_id', '=', p.owen.id)
      .where('step', '=', 'input_a')
      .execute();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('keeps the AIMS name inside the AIMS feed name: the meeting and the planned meetings only', async () => {
    const urls = (await h.call('POST', '/feeds/token', p.owen.token)).body;
    const text = await fetchFeed(urls.aimsFeedUrls[0].url);
    expectNoInjectedLines(text);
    const calendar = parse(text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`AIMS cycles: ${asEscaped(inject('aims'))}`);
    const summaries = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v).summary);
    expect(summaries).toEqual([
      expect.stringMatching(/^Management review MR-\d+$/),
      'Management review (planned)',
      'Management review (planned)',
      'Management review (planned)',
    ]);
  });

  it("keeps the person's name and a task title inside their properties in the person feed", async () => {
    const urls = (await h.call('POST', '/feeds/token', p.owen.token)).body;
    const text = await fetchFeed(urls.personFeedUrl);
    expectNoInjectedLines(text);
    const calendar = parse(text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`AIMS cycles: ${asEscaped(inject('owen'))}`);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const open = (await h.call('GET', '/tasks', p.owen.token)).body.items as { id: string }[];
    expect(events.map((e) => e.uid).sort()).toEqual(open.map((t) => `task-${t.id}@aims-cycles`).sort());
    expect(events.filter((e) => e.summary.endsWith(asParsed(inject('task'))))).toHaveLength(1);
  });

  it("keeps the chair's and attendees' names inside ORGANIZER and ATTENDEE in the emailed invitation", () => {
    expectNoInjectedLines(invitationIcs);
    const events = parse(invitationIcs).getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    expect(events[0]!.getFirstProperty('organizer')!.getParameter('cn')).toContain('carla');
    expect(
      events[0]!
        .getAllProperties('attendee')
        .map((a) => String(a.getFirstValue()).toLowerCase())
        .sort(),
    ).toEqual(['mailto:carla@example.org', 'mailto:owen@example.org']);
  });
});
