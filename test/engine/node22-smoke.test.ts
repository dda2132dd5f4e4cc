import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports';

const repoRoot = path.join(__dirname, '..', '..');

/** Node 22, the oldest line `engines` accepts, from scripts/provision-node.sh 22 (npm test sets it). */
function node22Dir(): string {
  const dir = process.env.NODE22_DIR;
  if (!dir) throw new Error('NODE22_DIR is not set: run the tests with `npm test`, which provisions Node 22');
  return dir;
}

/**
 * The engine under Node 22 (issue #18): `npm start` with Node 22 first on PATH (so the start
 * script keeps it: 22 is supported), to /readyz, then one case raised through the API whose
 * assignment email the embedded mail catcher keeps.
 */
describe('npm start under Node 22', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aims-node22-'));
  let stop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await stop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, answers /readyz and runs a case', { timeout: 240_000 }, async () => {
    const bin = path.join(node22Dir(), 'bin');
    const version = spawnSync(path.join(bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(version).toMatch(/^v22\./);
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      AIMS_DATA_DIR: dataDir,
      API_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      MAIL_CAPTURE_PORT: String(await freePort()),
      LOG_FORMAT: 'json',
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      SMTP_HOST: '',
    };
    // Its own process group, so that the start script, npm and the engine stop together.
    const child = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    stop = async () => {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
      await exited;
    };
    const deadline = Date.now() + 150_000;
    while (!output.includes('engine is running')) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the engine did not start in 150 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // The engine itself runs on Node 22: the start script kept it first on PATH.
    const pids = spawnSync('pgrep', ['-g', String(child.pid)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .filter(Boolean);
    const nodes = pids
      .flatMap((pid) => {
        try {
          return [realpathSync(`/proc/${pid}/exe`)];
        } catch {
          return [];
        }
      })
      .filter((exe) => path.basename(exe) === 'node');
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((exe) => exe === realpathSync(path.join(bin, 'node')))).toBe(true);

    const api = `http://127.0.0.1:${env.API_PORT}`;
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    const token = /token (aims_\S+)/.exec(output)?.[1];
    expect(token).toBeDefined();
    const call = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${api}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's own answers, checked by the assertions
      return { status: response.status, body: (await response.json()) as any };
    };
    const me = await call('GET', '/me');
    const owner = await call('POST', '/people', { name: 'Olaf', email: 'olaf@example.org', timeZone: 'UTC', roles: ['action_owner'] });
    expect(owner.status, JSON.stringify(owner.body)).toBe(201);
    const aims = await call('POST', '/aims', { name: 'Node 22 AIMS', timeZone: 'UTC', programmeManagerId: me.body.id });
    expect(aims.status, JSON.stringify(aims.body)).toBe(201);
    const raised = await call('POST', '/cases', {
      aimsId: aims.body.id,
      title: 'Raised on Node 22',
      source: 'incident',
      severity: 'minor',
      ownerId: owner.body.id,
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    // The worker ran the case's first step: the owner's assignment email is in the local catcher.
    const mailDir = path.join(dataDir, 'mail');
    const mailDeadline = Date.now() + 60_000;
    const mails = () => readdirSync(mailDir).map((f) => readFileSync(path.join(mailDir, f), 'utf8'));
    while (!mails().some((m) => m.includes('olaf@example.org') && m.includes('Raised on Node 22'))) {
      if (Date.now() > mailDeadline) throw new Error('no assignment email within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await stop();
    stop = undefined;
    expect(child.exitCode === 0 || child.signalCode === 'SIGINT').toBe(true);
  });
});
