import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import type { Db } from '../../db/database';
import { MailCatcher } from '../../mail/capture-server';
import { newPerson } from '../support/fixtures';
import { issueToken } from '../../db/repositories/api-tokens.repository';
import { freePort } from '../support/ports';
import { EngineProcess } from '../support/topology/engine-process';
import { requestOnce } from '../support/topology/one-shot-http';
import type { PrivatePostgres } from '../support/topology/private-postgres';
import { startTemporalOnPostgres, topologyEngineEnv } from '../support/topology/temporal-on-postgres';
import type { TemporalServer } from '../support/topology/temporal-server';

/**
 * The production topology, run for real (issue #18): the Temporal server built from
 * go.temporal.io/server on PostgreSQL, two worker processes, two API processes, PostgreSQL and a
 * real SMTP listener. Items of every kind go through both APIs while, in turn, a worker, an API
 * process, the Temporal server and PostgreSQL are SIGKILLed and restarted.
 */

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the API's own answers, checked by the assertions
  headers: Headers;
}

const figures: Record<string, number> = {};

const germanHolidays = new Holidays('DE');
/**
 * The first working day (Monday to Friday, no German public holiday) at or after today + `days`
 * (before it when `days` is negative): the test runs in real time, so its dates follow today.
 */
function workingDay(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  const step = days < 0 ? -1 : 1;
  while ([0, 6].includes(date.getUTCDay()) || germanHolidays.isHoliday(date)) date.setUTCDate(date.getUTCDate() + step);
  return date.toISOString().slice(0, 10);
}
const seconds = (ms: number) => Math.round(ms / 100) / 10;

describe('the production topology: Temporal on PostgreSQL, two workers, two APIs', () => {
  let pg: PrivatePostgres;
  let temporal: TemporalServer;
  let catcher: MailCatcher;
  let db: Db;
  const workers: EngineProcess[] = [];
  const apis: { process: EngineProcess; url: string }[] = [];
  let pm: { id: string; token: string };
  let owner: { id: string; token: string };
  let verifier: { id: string; token: string };
  let aimsId: string;
  /** Parts the test killed on purpose and has not restarted yet. */
  const deliberatelyDown = new Set<string>();

  /**
   * Brings back every part that is down, so that a failed step of one test does not leave the
   * next test without PostgreSQL or Temporal and fail it for that reason alone.
   */
  async function restoreTopology(): Promise<void> {
    const started = Date.now();
    const down = [pg, temporal, ...workers, ...apis.map((api) => api.process)].filter((part) => !part.running);
    for (const part of down) await part.start();
    deliberatelyDown.clear();
    if (down.length > 0) await untilReady('restore after a failed step', started);
  }

  async function call(api: number, method: string, path: string, token: string | undefined, body?: unknown): Promise<Answer> {
    const target = apis[api]!;
    try {
      const answer = await requestOnce(`${target.url}${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: 30_000,
      });
      return { status: answer.status, body: answer.text ? JSON.parse(answer.text) : undefined, headers: answer.headers };
    } catch (error) {
      // An API process that died on its own is a defect to show, not a connection error to retry.
      if (!target.process.running && !deliberatelyDown.has(target.process.name)) {
        throw new Error(`${target.process.name} exited unexpectedly:\n${target.process.log.slice(-4000)}`, { cause: error });
      }
      throw error;
    }
  }

  /** A client that honours 503 + Retry-After (and a refused connection) until it gets its answer. */
  async function persist(api: number, method: string, path: string, token: string, body?: unknown, timeoutMs = 90_000): Promise<Answer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const answer = await call(api, method, path, token, body).catch(() => undefined);
      if (answer && answer.status !== 503) return answer;
      if (Date.now() > deadline) throw new Error(`${method} ${path} still unavailable after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  async function raiseCase(api: number, title: string): Promise<string> {
    const raised = await persist(api, 'POST', '/cases', pm.token, { aimsId, title, source: 'incident', severity: 'minor', ownerId: owner.id });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    return raised.body.id as string;
  }

  async function ready(api: number): Promise<boolean> {
    return (await call(api, 'GET', '/readyz', undefined).catch(() => undefined))?.status === 200;
  }

  async function untilReady(what: string, startedAt: number, timeoutMs = 120_000): Promise<void> {
    const deadline = startedAt + timeoutMs;
    while (!((await ready(0)) && (await ready(1)))) {
      if (Date.now() > deadline) throw new Error(`the APIs were not ready ${timeoutMs} ms after ${what} came back`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    figures[`${what} restart to recovered (s)`] = seconds(Date.now() - startedAt);
  }

  /** While a part is down: both APIs answer 503 problem+json with Retry-After, at once, and /readyz names the part. */
  async function expectUnavailable(part: 'temporal' | 'database', command: () => Promise<Answer>): Promise<void> {
    for (const api of [0, 1]) {
      const readiness = await call(api, 'GET', '/readyz', undefined);
      expect(readiness.status).toBe(503);
      expect(readiness.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(readiness.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(readiness.body.detail).toContain(`${part}:`);
    }
    const started = Date.now();
    const refused = await command();
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body).toMatchObject({ status: 503, title: 'Service unavailable' });
    // Not a hang: the client's retries are bounded.
    expect(Date.now() - started).toBeLessThan(20_000);
    figures[`503 answer while ${part} is down (s)`] = seconds(Date.now() - started);
  }

  /**
   * Waits until no email is queued or mid-send. Over SMTP one window cannot close: a process
   * killed after the relay took a mail and before it recorded that resends it (same Message-ID,
   * which receivers use to drop the copy; test/mail/send-email.test.ts and
   * test/cases/email-outbox.test.ts cover it). A kill straight after a command's answer lands in
   * that window about one run in five, so the sender and the database are killed once the mail
   * of the commands before has gone: "none twice" below then fails only on a real defect. Mail
   * queued while a part is down still goes through the recovery.
   */
  async function emailsSettled(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const queued = await db.selectFrom('email_outbox').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const unsent = await db.selectFrom('notifications').select(db.fn.countAll<string>().as('n')).where('sent_at', 'is', null).executeTakeFirstOrThrow();
      if (Number(queued.n) === 0 && Number(unsent.n) === 0) return;
      if (Date.now() > deadline) throw new Error(`emails still queued (${queued.n}) or unsent (${unsent.n}) after a minute`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async function person(name: string, roles: ('admin' | 'programme_manager' | 'action_owner' | 'management' | 'auditor')[]) {
    const created = await newPerson(db, { name, email: `${name.toLowerCase()}@example.org`, roles });
    return { id: created.id, token: (await issueToken(db, created.id, 'topology')).secret };
  }

  beforeAll(async () => {
    const setUpStarted = Date.now();
    ({ pg, temporal } = await startTemporalOnPostgres({
      // A second run is the upgrade path: it finds the databases and brings them to the latest version.
      schemaReady: (server) => expect(server.setUpSchema()).toContain('schema: up to date'),
    }));
    catcher = new MailCatcher({ port: 0, keepInMemory: true });
    await catcher.start();

    const env = { ...topologyEngineEnv(pg, temporal, catcher.port), DATABASE_POOL_SIZE: '5' };
    // The first worker migrates the record; the others find it migrated.
    workers.push(new EngineProcess('worker-1', 'worker', env));
    await workers[0]!.start();
    workers.push(new EngineProcess('worker-2', 'worker', env));
    for (const name of ['api-1', 'api-2']) {
      const port = await freePort();
      apis.push({ process: new EngineProcess(name, 'api', { ...env, API_PORT: String(port) }), url: `http://127.0.0.1:${port}` });
    }
    await Promise.all([workers[1]!.start(), ...apis.map((api) => api.process.start())]);
    figures['topology start (s)'] = seconds(Date.now() - setUpStarted);

    db = connectDatabase({ kind: 'postgres', url: pg.url('aims'), poolSize: 2 });
    pm = await person('Pia', ['admin', 'programme_manager']);
    owner = await person('Olaf', ['action_owner']);
    verifier = await person('Vera', ['action_owner', 'management']);
  }, 300_000);

  // A test that fails while a part is down must not take the next test down with it.
  afterEach(async () => {
    if (pg && temporal) await restoreTopology();
  }, 300_000);

  afterAll(async () => {
    console.log('topology figures', figures);
    await Promise.all([...workers, ...apis.map((api) => api.process)].map((p) => p.stop()));
    await db?.destroy();
    await catcher?.stop();
    await temporal?.destroy();
    await pg?.destroy();
  }, 120_000);

  it('keeps every acknowledged change and sends every email once while each part is killed and restarted', { timeout: 600_000 }, async () => {
    const testStarted = Date.now();
    const acknowledged: { what: string; check: () => Promise<void> }[] = [];
    const ack = (what: string, check: () => Promise<void>) => acknowledged.push({ what, check });

    // --- everything up: items of every kind, through both APIs
    const aims = await persist(0, 'POST', '/aims', pm.token, {
      name: 'Topology AIMS',
      timeZone: 'Europe/Berlin',
      holidayRegion: 'DE',
      programmeManagerId: pm.id,
    });
    expect(aims.status).toBe(201);
    aimsId = aims.body.id;
    const raise = async (api: number, title: string) => {
      const id = await raiseCase(api, title);
      ack(`case ${title} raised`, async () => expect((await persist(0, 'GET', `/cases/${id}`, pm.token)).status).toBe(200));
      return id;
    };
    const caseA = await raise(1, 'Case A');
    const programme = await persist(0, 'POST', `/aims/${aimsId}/programme`, pm.token, { cadence: 'quarterly', anchorDate: workingDay(18) });
    expect(programme.status, JSON.stringify(programme.body)).toBe(201);
    ack('programme started', async () => expect((await persist(1, 'GET', `/aims/${aimsId}/programme`, pm.token)).status).toBe(200));
    const inputOwners = { a: owner.id, b: owner.id, c: verifier.id, d: verifier.id, e: pm.id };
    const reviews = await persist(1, 'POST', `/aims/${aimsId}/reviews`, pm.token, {
      chairId: verifier.id,
      attendeeIds: [pm.id],
      inputOwners,
      firstMeetingDate: workingDay(19),
    });
    expect(reviews.status, JSON.stringify(reviews.body)).toBe(201);
    const certification = await persist(0, 'POST', `/aims/${aimsId}/certification`, pm.token, {});
    expect(certification.status, JSON.stringify(certification.body)).toBe(201);
    const certify = async (api: number, step: string, body: unknown) => {
      const answer = await persist(api, 'POST', `/aims/${aimsId}/certification/${step}`, pm.token, body);
      expect(answer.status, `${step}: ${JSON.stringify(answer.body)}`).toBe(200);
    };
    await certify(1, 'body', { name: 'Example Certification Body' });

    // --- a worker is killed: the other polls on; the killed one comes back
    await emailsSettled();
    await workers[0]!.kill();
    const contained = await persist(0, 'POST', `/cases/${caseA}/containment`, owner.token, { correction: 'Contained while a worker was down' });
    expect(contained.status, JSON.stringify(contained.body)).toBe(200);
    await certify(1, 'stage1', { date: workingDay(-23), outcome: 'passed' });
    let restarted = Date.now();
    await workers[0]!.start();
    figures['worker restart to polling (s)'] = seconds(Date.now() - restarted);

    // --- an API process is killed: the other serves; the killed one comes back
    deliberatelyDown.add(apis[0]!.process.name);
    await apis[0]!.process.kill();
    await expect(call(0, 'GET', '/healthz', undefined)).rejects.toThrow();
    const rootCause = await persist(1, 'POST', `/cases/${caseA}/root-cause`, owner.token, {
      method: 'five_whys',
      causes: ['No checklist'],
      similarExist: false,
      actions: [{ title: 'Add to checklist', ownerId: owner.id, dueDate: workingDay(90) }],
    });
    expect(rootCause.status, JSON.stringify(rootCause.body)).toBe(200);
    restarted = Date.now();
    await apis[0]!.process.start();
    deliberatelyDown.delete(apis[0]!.process.name);
    await untilReady('api', restarted);

    // --- the Temporal server is killed: 503 with Retry-After, /readyz names it; it recovers by itself
    await temporal.kill();
    await expectUnavailable('temporal', () => call(1, 'POST', `/cases/${caseA}/plan-decision`, pm.token, { approve: true, verifierId: verifier.id }));
    // The record stays readable while Temporal is away.
    expect((await call(0, 'GET', `/cases/${caseA}`, pm.token)).status).toBe(200);
    restarted = Date.now();
    await temporal.start();
    await untilReady('temporal', restarted);
    const approved = await persist(1, 'POST', `/cases/${caseA}/plan-decision`, pm.token, { approve: true, verifierId: verifier.id });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await certify(0, 'stage2', { date: workingDay(-13), outcome: 'passed' });

    // --- PostgreSQL is killed: 503 with Retry-After, /readyz names it; it recovers by itself
    await emailsSettled();
    await pg.kill();
    await expectUnavailable('database', () => call(0, 'GET', `/cases/${caseA}`, pm.token));
    restarted = Date.now();
    await pg.start();
    await untilReady('postgres', restarted);
    const actionId: string = (await persist(1, 'GET', `/cases/${caseA}`, pm.token)).body.actions[0].id;
    const done = await persist(0, 'POST', `/cases/${caseA}/actions/${actionId}/completion`, owner.token, { evidence: 'Checklist v3' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await certify(1, 'decision', { date: workingDay(-2) });

    // --- nothing acknowledged is lost
    for (const { check } of acknowledged) await check();
    const finalCase = (await persist(0, 'GET', `/cases/${caseA}`, pm.token)).body;
    expect(finalCase.status).toBe('effectiveness');
    expect(finalCase.actions[0].status).toBe('done');
    const cert = (await persist(1, 'GET', `/aims/${aimsId}/certification`, pm.token)).body;
    expect(cert).toMatchObject({ status: 'certified', cycle: 1, certificationBody: 'Example Certification Body' });
    // The programme's first audit (fieldwork within 20 working days) was opened by the programme workflow.
    const auditDeadline = Date.now() + 60_000;
    let audits = (await persist(0, 'GET', `/audits?aimsId=${aimsId}`, pm.token)).body;
    while (audits.items.length === 0 && Date.now() < auditDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      audits = (await persist(1, 'GET', `/audits?aimsId=${aimsId}`, pm.token)).body;
    }
    expect(audits.items.length).toBeGreaterThan(0);

    // --- every email the engine meant to send arrived, and none twice
    const deadline = Date.now() + 120_000;
    let rows = await db.selectFrom('notifications').select(['message_id', 'sent_at']).execute();
    while (rows.some((row) => row.sent_at === null) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      rows = await db.selectFrom('notifications').select(['message_id', 'sent_at']).execute();
    }
    expect(rows.filter((row) => row.sent_at === null)).toEqual([]);
    expect(rows.length).toBeGreaterThan(0);
    const bare = (id: string | undefined) => id?.replace(/^<|>$/g, '');
    const arrived = catcher.messages.map((message) => bare(/^Message-ID:\s*(\S+)/im.exec(message.raw.toString())?.[1]));
    expect(arrived.filter((id) => arrived.indexOf(id) !== arrived.lastIndexOf(id))).toEqual([]);
    expect(new Set(arrived)).toEqual(new Set(rows.map((row) => bare(row.message_id))));
    figures['emails'] = arrived.length;
    figures['topology test (s)'] = seconds(Date.now() - testStarted);
  });
  it(
    'a timer the engine set fires on the real server at its minute, after both workers and the Temporal server were killed while it waited',
    { timeout: 480_000 },
    async () => {
      // Certification tasks open at `sendAt` on a calendar day, weekends included (unlike every
      // working-day timer), so an AIMS whose first certification offset lands on today and whose
      // `sendAt` is a few minutes away sets a real timer due in minutes, on any day of the week.
      const zone = new Date().getUTCHours() >= 1 && new Date().getUTCHours() <= 21 ? 'UTC' : 'America/New_York';
      const now = DateTime.now().setZone(zone);
      const fireAt = now.plus({ minutes: 3 }).startOf('minute');
      const decision = now.minus({ days: 3 }).toISODate()!;
      const surveillanceDue = DateTime.fromISO(decision, { zone }).plus({ months: 12 });
      const offset = Math.round(surveillanceDue.diff(fireAt.startOf('day'), 'days').days);
      const timerAims = await persist(0, 'POST', '/aims', pm.token, {
        name: 'Timer AIMS',
        timeZone: zone,
        programmeManagerId: pm.id,
        policy: { sendAt: fireAt.toFormat('HH:mm'), certificationReminderDaysBefore: [offset] },
      });
      expect(timerAims.status, JSON.stringify(timerAims.body)).toBe(201);
      const path = `/aims/${timerAims.body.id}/certification`;
      expect((await persist(1, 'POST', path, pm.token, {})).status).toBe(201);
      for (const [step, body] of [
        ['body', { name: 'Timer Certification Body' }],
        ['stage1', { date: now.minus({ days: 20 }).toISODate(), outcome: 'passed' }],
        ['stage2', { date: now.minus({ days: 10 }).toISODate(), outcome: 'passed' }],
        ['decision', { date: decision }],
      ] as const) {
        const answer = await persist(0, 'POST', `${path}/${step}`, pm.token, body);
        expect(answer.status, `${step}: ${JSON.stringify(answer.body)}`).toBe(200);
      }
      const title = `Book the certification body for the surveillance audit 1 due by ${surveillanceDue.toISODate()}`;
      const openTasks = async () => ((await persist(1, 'GET', path, pm.token)).body.openTasks as { title: string }[]).map((task) => task.title);
      // Planned, not yet open: the timer is waiting on the server.
      expect(await openTasks()).toEqual([]);
      expect(Date.now()).toBeLessThan(fireAt.toMillis() - 60_000);

      // Everything that runs the timer dies while it waits, and comes back.
      const killed = Date.now();
      for (const worker of workers) await worker.kill();
      await temporal.kill();
      await temporal.start();
      for (const worker of workers) await worker.start();
      await untilReady('temporal and workers', killed);
      expect(Date.now(), 'the restarts took longer than the timer left').toBeLessThan(fireAt.toMillis());

      const mailDeadline = fireAt.toMillis() + 120_000;
      const assigned = async () => {
        for (const message of catcher.messages) {
          if ((await simpleParser(message.raw)).subject?.includes(`Assigned to you: ${title}`)) return message;
        }
        return undefined;
      };
      let mail = await assigned();
      while (!mail && Date.now() < mailDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        mail = await assigned();
      }
      expect(mail, `no email for "${title}" within 2 minutes of ${fireAt.toISO()}`).toBeDefined();
      expect(mail!.to).toEqual(['pia@example.org']);
      // It fires at its minute: not before, and soon after (the server's timer queue, then a workflow task and the email).
      expect(mail!.receivedAt.getTime()).toBeGreaterThanOrEqual(fireAt.toMillis());
      figures['timer fired to email (s)'] = seconds(mail!.receivedAt.getTime() - fireAt.toMillis());
      expect(await openTasks()).toEqual([title]);
    },
  );
  it(
    'a Temporal restart in the middle of an update: the client sees success or a retryable error, never a duplicate change',
    { timeout: 300_000 },
    async () => {
      // Killed at different moments of the request: before, while and after the update reaches the workflow.
      for (const [round, delayMs] of [25, 150, 400].entries()) {
        const caseId = await raiseCase(round % 2, `In flight ${round}`);
        const body = { correction: `Contained in round ${round}` };
        const inFlight = call(round % 2, 'POST', `/cases/${caseId}/containment`, owner.token, body).catch((error: unknown) => ({
          status: 0,
          body: String(error),
          headers: new Headers(),
        }));
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        await temporal.kill();
        const restarted = Date.now();
        await temporal.start();
        const first = await inFlight;
        expect([200, 503], JSON.stringify(first.body)).toContain(first.status);
        if (first.status === 503) expect(first.headers.get('retry-after')).toMatch(/^\d+$/);
        await untilReady(`temporal (update in flight, round ${round})`, restarted);
        // A client told to retry does; the command is refused if it had gone through, never applied twice.
        const again = await persist((round + 1) % 2, 'POST', `/cases/${caseId}/containment`, owner.token, body);
        expect(first.status === 200 ? [409] : [200, 409]).toContain(again.status);
        const changes = await db
          .selectFrom('audit_trail')
          .select('action')
          .where('entity_id', '=', caseId)
          .where('action', '=', 'containment_submitted')
          .execute();
        expect(changes).toHaveLength(1);
        expect((await persist(0, 'GET', `/cases/${caseId}`, pm.token)).body.status).toBe('root_cause');
        figures[`in-flight round ${round}: first answer`] = first.status;
      }
    },
  );
});
