import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../domain/nc-case';
import { readinessSnapshotWorkflowId } from '../../domain/readiness';
import { EngineHarness, PUBLIC_BASE_URL } from '../support/engine-harness';

const repoRoot = path.join(__dirname, '..', '..');

/** The production worker entry point, in its own process, so that the test can kill it outright. */
function startWorkerProcess(h: EngineHarness): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/worker.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: h.postgres.url,
      TEMPORAL_ADDRESS: h.env.address,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(h.catcher.port),
      MAIL_FROM: 'AIMS <aims@example.org>',
      PUBLIC_BASE_URL,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      // Without a cache the killed worker leaves no sticky queue behind: the server would hand
      // the next task to that queue first and fall back only after its schedule-to-start
      // timeout, which the time-skipping server does not skip.
      TEMPORAL_WORKER_CACHE_SIZE: '0',
      // This test counts a case's emails; the digests have their own test.
      DIGESTS: 'false',
      // The time-skipping server keeps no search attributes.
      TEMPORAL_SEARCH_ATTRIBUTES: 'false',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a worker killed in the middle of a lifecycle', () => {
  let h: EngineHarness;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    h = await EngineHarness.start({ worker: false });
  });
  afterAll(async () => {
    if (worker) await kill(worker);
    await h?.stop();
  });

  it('loses no email and sends none twice once another worker takes over', { timeout: 180_000 }, async () => {
    const pm = await h.person('Pia', ['programme_manager'], { timeZone: 'UTC' });
    const lead = await h.person('Lee', ['action_owner'], { timeZone: 'UTC' });
    const owner = await h.person('Ola', ['action_owner'], { timeZone: 'UTC', managerId: lead.id });
    // Monday 7 June 2027, 06:00 UTC: a major case's containment is due Monday 14 June.
    await h.advanceTo('2027-06-07T06:00:00Z');

    worker = startWorkerProcess(h);
    // Set up with a worker polling: the AIMS's monthly readiness workflow starts with it, and the
    // time-skipping server does not skip time while a workflow task waits for a worker.
    const aimsId = (await h.call('POST', '/aims', pm.token, { name: 'AIMS', timeZone: 'UTC', programmeManagerId: pm.id })).body.id;
    const raised = await h.call('POST', '/cases', pm.token, { aimsId, title: 'Crash test', source: 'other', severity: 'major', ownerId: owner.id });
    expect(raised.status).toBe(201);
    expect((await h.newEmails()).map((e) => e.subject)).toEqual([expect.stringContaining('Assigned to you')]);
    await h.advanceTo('2027-06-07T09:30:00Z'); // the 5-day reminder went out at 09:00
    expect((await h.newEmails()).map((e) => e.date.toISOString())).toEqual(['2027-06-07T09:00:00.000Z']);

    // Killed between two steps, with only timers pending. (A kill during an activity is safe
    // too, but the time-skipping server then waits out the activity's timeout in real time.)
    await h.waitIdle(caseWorkflowId(raised.body.id));
    await h.waitIdle(readinessSnapshotWorkflowId(aimsId));
    await kill(worker);
    worker = startWorkerProcess(h);
    // Past the 1-day reminder (11 June), the overdue notice (15 June) and the manager's
    // escalation (17 June): each exactly once, whichever worker planned it.
    await h.advanceTo('2027-06-17T12:00:00Z');
    const after = await h.newEmails();
    expect(after.map((e) => `${e.date.toISOString()} ${e.to}`)).toEqual([
      '2027-06-11T09:00:00.000Z ola@example.org',
      '2027-06-15T09:00:00.000Z ola@example.org',
      '2027-06-17T09:00:00.000Z lee@example.org',
    ]);

    await h.waitIdle(caseWorkflowId(raised.body.id));
    await kill(worker);
    worker = startWorkerProcess(h);
    const done = await h.call('POST', `/cases/${raised.body.id}/containment`, owner.token, { correction: 'Done after all' });
    expect(done.status).toBe(200);
    expect((await h.newEmails()).map((e) => e.subject)).toEqual([expect.stringContaining('Assigned to you: Root-cause analysis')]);
    const sent = await h.db.selectFrom('notifications').select(['dedupe_key', 'sent_at']).execute();
    expect(sent).toHaveLength(h.catcher.messages.length);
    expect(sent.every((n) => n.sent_at !== null)).toBe(true);
  });
});
