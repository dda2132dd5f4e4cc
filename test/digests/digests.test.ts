import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendDueDigests } from '../../activities/digests/send-digests.activity';
import { systemClock } from '../../domain/clock';
import { createMailer } from '../../mail/mailer';
import { DIGEST_WORKFLOW_ID, ensureDigestWorkflow } from '../../temporal/digests';
import { EngineHarness, PUBLIC_BASE_URL, type Email } from '../support/engine-harness';
import { recordHistory } from '../support/histories';

// Digests under time skipping, spring 2027: Bea in Berlin (CEST, UTC+2) and Nick in New York
// (EDT, UTC-4) own corrective-action tasks, Ida owns none, Max (management) is in London (BST,
// UTC+1), Paula (programme manager) owns none either. Weekly digests go out on Monday 09:00 on each owner's clock; the monthly overdue report
// on the first weekday of the month: 1 May 2027 is a Saturday, so Monday 3 May. The case
// workflows send their own reminders and escalations meanwhile; only digests are looked at here.

type Person = Awaited<ReturnType<EngineHarness['person']>>;

const isDigest = (e: Email) => e.subject.startsWith('Weekly digest') || e.subject.startsWith('Monthly overdue report');
const brief = (emails: Email[]) =>
  emails
    .filter(isDigest)
    .map((e) => ({ to: e.to, date: e.date.toISOString(), subject: e.subject }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.to.localeCompare(b.to));
/** The listed items of a digest's text: "NC-2 Containment and correction | due … | OVERDUE by 5 days | …". */
const itemLines = (email: Email | undefined) =>
  (email?.text ?? '')
    .split('\n')
    .filter((l) => l.startsWith('- '))
    .map((l) => l.slice(2));
const itemsOf = (email: Email | undefined) => itemLines(email).map((l) => l.split(' | ')[0]);
const digestTo = (emails: Email[], to: string) => emails.filter(isDigest).find((e) => e.to === to);

describe('email digests', () => {
  let h: EngineHarness;
  let paula: Person;
  let bea: Person;
  let nick: Person;
  let ida: Person;
  let raise: (owner: Person, severity: 'minor' | 'major', title: string) => Promise<{ id: string; ref: string; due: string }>;
  const cases: Record<'beaMinor' | 'beaMajor' | 'nickMinor', { id: string; ref: string; due: string }> = {} as never;

  beforeAll(async () => {
    h = await EngineHarness.start();
    paula = await h.person('Paula', ['programme_manager'], { timeZone: 'Europe/Berlin' });
    bea = await h.person('Bea', ['action_owner'], { timeZone: 'Europe/Berlin', department: 'Data' });
    nick = await h.person('Nick', ['action_owner'], { timeZone: 'America/New_York', department: 'Risk' });
    ida = await h.person('Ida', ['action_owner'], { timeZone: 'Europe/Berlin' });
    await h.person('Max', ['management'], { timeZone: 'Europe/London', department: 'Board' }); // receives the monthly report
    const aims = await h.call('POST', '/aims', paula.token, {
      name: 'Acme AIMS',
      timeZone: 'Europe/Berlin',
      holidayRegion: 'DE',
      programmeManagerId: paula.id,
    });
    expect(aims.status).toBe(201);
    // Wednesday 14 April 2027, 10:00 in Berlin.
    await h.advanceTo('2027-04-14T08:00:00Z');
    await ensureDigestWorkflow(h.env.client.workflow, 'aims-cycles');
    const first = await h.env.client.workflow.getHandle(DIGEST_WORKFLOW_ID).describe();
    await ensureDigestWorkflow(h.env.client.workflow, 'aims-cycles'); // a second worker starting: no second run
    const second = await h.env.client.workflow.getHandle(DIGEST_WORKFLOW_ID).describe();
    expect({ runId: second.runId, status: second.status.name }).toEqual({ runId: first.runId, status: 'RUNNING' });
    raise = async (owner: Person, severity: 'minor' | 'major', title: string) => {
      const raised = await h.call('POST', '/cases', paula.token, {
        aimsId: aims.body.id,
        title,
        source: 'internal_audit',
        severity,
        ownerId: owner.id,
        clauseRef: 'A.6.2.7',
      });
      expect(raised.status).toBe(201);
      return { id: raised.body.id as string, ref: raised.body.reference as string, due: raised.body.tasks[0].dueDate as string };
    };
    cases.beaMinor = await raise(bea, 'minor', 'Model card missing');
    cases.beaMajor = await raise(bea, 'major', 'No impact assessment for scoring model');
    cases.nickMinor = await raise(nick, 'minor', 'Supplier AI terms not reviewed');
    // Ten working days for a minor containment, five for a major one (SPEC defaults).
    expect([cases.beaMinor.due, cases.beaMajor.due, cases.nickMinor.due]).toEqual(['2027-04-28', '2027-04-21', '2027-04-28']);
    await h.newEmails(); // the assignments
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('sends nothing before the first Monday', async () => {
    await h.advanceTo('2027-04-19T06:59:00Z');
    expect(brief(await h.newEmails())).toEqual([]);
  });

  it('sends each owner one weekly digest at Monday 09:00 on their own clock, listing exactly their open tasks', async () => {
    await h.advanceTo('2027-04-19T14:00:00Z');
    const emails = await h.newEmails();
    expect(brief(emails)).toEqual([
      { to: 'bea@example.org', date: '2027-04-19T07:00:00.000Z', subject: 'Weekly digest 2027-W16: 2 open tasks' },
      { to: 'nick@example.org', date: '2027-04-19T13:00:00.000Z', subject: 'Weekly digest 2027-W16: 1 open task' },
    ]);
    const beas = digestTo(emails, 'bea@example.org');
    // Soonest due first: the major case's containment (21 April) before the minor one's (28 April).
    expect(itemsOf(beas)).toEqual([`${cases.beaMajor.ref} Containment and correction`, `${cases.beaMinor.ref} Containment and correction`]);
    expect(itemLines(beas)[0]).toBe(`${cases.beaMajor.ref} Containment and correction | due Wednesday 21 April 2027 | Acme AIMS`);
    expect(beas!.text).toContain(`${PUBLIC_BASE_URL}/cases/${cases.beaMajor.id}`);
    expect(beas!.html).toContain(`href="${PUBLIC_BASE_URL}/cases/${cases.beaMinor.id}"`);
    expect(itemsOf(digestTo(emails, 'nick@example.org'))).toEqual([`${cases.nickMinor.ref} Containment and correction`]);
  });

  it('leaves a completed task out of the next week’s digest and marks overdue ones', async () => {
    const done = await h.call('POST', `/cases/${cases.beaMinor.id}/containment`, bea.token, { correction: 'Model card published' });
    expect(done.status).toBe(200);
    await h.advanceTo('2027-04-26T14:00:00Z');
    const emails = await h.newEmails();
    expect(brief(emails)).toEqual([
      { to: 'bea@example.org', date: '2027-04-26T07:00:00.000Z', subject: 'Weekly digest 2027-W17: 2 open tasks, 1 overdue' },
      { to: 'nick@example.org', date: '2027-04-26T13:00:00.000Z', subject: 'Weekly digest 2027-W17: 1 open task' },
    ]);
    const lines = itemLines(digestTo(emails, 'bea@example.org'));
    expect(lines).toEqual([
      `${cases.beaMajor.ref} Containment and correction | due Wednesday 21 April 2027 | OVERDUE by 5 days | Acme AIMS`,
      // Containment of the minor case is done; its next step is listed instead.
      `${cases.beaMinor.ref} Root-cause analysis and action plan | due Wednesday 2 June 2027 | Acme AIMS`,
    ]);
  });

  it('does not send a late digest when a first task appears mid-week: the next Monday lists it', async () => {
    // Monday 26 April, after 09:00 in Berlin: Ida's week was empty at its digest instant.
    const idas = await raise(ida, 'minor', 'Logging of model decisions incomplete');
    await h.advanceTo('2027-05-03T06:59:00Z');
    expect(brief(await h.newEmails())).toEqual([]);
    await h.advanceTo('2027-05-03T07:01:00Z');
    const emails = await h.newEmails();
    expect(brief(emails)).toEqual([
      { to: 'bea@example.org', date: '2027-05-03T07:00:00.000Z', subject: 'Weekly digest 2027-W18: 2 open tasks, 1 overdue' },
      { to: 'ida@example.org', date: '2027-05-03T07:00:00.000Z', subject: 'Weekly digest 2027-W18: 1 open task' },
    ]);
    expect(itemsOf(digestTo(emails, 'ida@example.org'))).toEqual([`${idas.ref} Containment and correction`]);
  });

  it('sends management the monthly overdue report on the first weekday of the month, with owners', async () => {
    await h.advanceTo('2027-05-03T14:00:00Z');
    const emails = await h.newEmails();
    expect(brief(emails)).toEqual([
      { to: 'max@example.org', date: '2027-05-03T08:00:00.000Z', subject: 'Monthly overdue report May 2027: 2 overdue tasks across 1 AIMS' },
      { to: 'nick@example.org', date: '2027-05-03T13:00:00.000Z', subject: 'Weekly digest 2027-W18: 1 open task, 1 overdue' },
    ]);
    const report = digestTo(emails, 'max@example.org')!;
    expect(report.text).toContain('Corrective action: 2');
    expect(report.text).toContain('== Acme AIMS');
    // Longest overdue first, each with its owner, department and severity.
    expect(itemLines(report)).toEqual([
      `${cases.beaMajor.ref} Containment and correction | due Wednesday 21 April 2027 | OVERDUE by 12 days | owner Bea (Data) | major nonconformity`,
      `${cases.nickMinor.ref} Containment and correction | due Wednesday 28 April 2027 | OVERDUE by 5 days | owner Nick (Risk) | minor nonconformity`,
    ]);
    expect(report.html).toContain(`href="${PUBLIC_BASE_URL}/cases/${cases.nickMinor.id}"`);
  });

  it('sends nothing more inside the same week and month, and a repeated run sends nothing twice', async () => {
    await h.advanceTo('2027-05-09T20:00:00Z');
    expect(brief(await h.newEmails())).toEqual([]);

    // The activity run again over the whole week, as a retry would: everything was sent already
    // (Paula and Max own no task: their weekly digests are skipped again).
    const mailer = createMailer(
      { kind: 'capture', port: h.catcher.port, dir: '', from: 'AIMS <aims@example.org>' },
      { smtpUser: undefined, smtpPassword: undefined },
    );
    const send = createSendDueDigests({ db: h.db, mailer, clock: systemClock, publicBaseUrl: PUBLIC_BASE_URL });
    expect(await send({ since: '2027-05-02T00:00:00Z', at: '2027-05-09T20:00:00Z' })).toEqual({ sent: 0, alreadySent: 4, empty: 2 });
    mailer.close();
    expect(brief(await h.newEmails())).toEqual([]);

    const rows = await h.db
      .selectFrom('notifications')
      .select(['dedupe_key', 'recipient', 'sent_at'])
      .where('dedupe_key', 'like', 'digest:%')
      .orderBy('dedupe_key')
      .execute();
    expect(rows.map((r) => [r.dedupe_key.split('|')[0], r.recipient, r.dedupe_key.split('|')[3]]).sort()).toEqual(
      [
        ['digest:monthly', 'max@example.org', '2027-05'],
        ['digest:weekly', 'ida@example.org', '2027-W18'],
        ...['2027-W16', '2027-W17', '2027-W18'].flatMap((week) => [
          ['digest:weekly', 'bea@example.org', week],
          ['digest:weekly', 'nick@example.org', week],
        ]),
      ].sort(),
    );
    expect(rows.every((r) => r.sent_at !== null)).toBe(true);

    // With RECORD_HISTORIES set, the history the replay test holds later digest workflow code to.
    await recordHistory(h, DIGEST_WORKFLOW_ID, 'digests-five-weeks');
  });
});
