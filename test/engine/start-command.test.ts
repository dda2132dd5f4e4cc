import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledEngine } from '../../main/compiled-engine';
import { DIGEST_WORKFLOW_ID } from '../../temporal/digests';
import { freePort } from '../support/ports';

const repoRoot = path.join(__dirname, '..', '..');

interface RunningEngine {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

async function startEngine(env: Record<string, string>): Promise<RunningEngine> {
  // As `npm start` runs it: the entry point compiled to JavaScript, no TypeScript loader.
  const child = spawn(process.execPath, [path.join(compiledEngine(), 'start.js')], {
    cwd: repoRoot,
    env: { ...process.env, ...env, LOG_FORMAT: 'json', DATABASE_URL: '', TEMPORAL_ADDRESS: '', SMTP_HOST: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!output.includes('engine is running')) {
    if (child.exitCode !== null) throw new Error(`the engine exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the engine did not start in 90 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, output: () => output, exited };
}

describe('the start command on embedded defaults', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aims-engine-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves, stops cleanly on Ctrl-C, and resumes with its data on the next start', async () => {
    const env = {
      AIMS_DATA_DIR: dataDir,
      API_PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      MAIL_CAPTURE_PORT: String(await freePort()),
    };
    const api = `http://127.0.0.1:${env.API_PORT}`;

    const first = await startEngine(env);
    expect(first.output()).toContain(`API:          ${api}`);
    expect(first.output()).toContain(`Web pages:    ${api}/ui/`);
    expect(first.output()).toContain(`UI: http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
    const token = /token (aims_\S+)/.exec(first.output())?.[1];
    expect(token).toBeDefined();
    // The banner's command for another token works as printed, pasted into a shell.
    const command = /^ {2}(curl .*)$/m.exec(first.output())?.[1];
    expect(command).toContain(`${api}/people/`);
    const made = spawnSync('sh', ['-c', command!], { encoding: 'utf8', timeout: 30_000 });
    expect(made.status, made.stderr).toBe(0);
    const another = (JSON.parse(made.stdout) as { token: string }).token;
    expect(another).toMatch(/^aims_/);
    expect((await fetch(`${api}/me`, { headers: { authorization: `Bearer ${another}` } })).status).toBe(200);
    // Links the engine hands out (feeds here, emails alike: one public base URL) use the address the banner prints.
    const feeds = await fetch(`${api}/feeds/token`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(((await feeds.json()) as { personFeedUrl: string }).personFeedUrl.startsWith(`${api}/feeds/`)).toBe(true);
    expect((await (await fetch(`${api}/openapi.json`)).json()) as { servers: unknown }).toMatchObject({ servers: [{ url: api }] });
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    expect((await fetch(`${api}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const signIn = await fetch(`${api}/`);
    expect([signIn.status, signIn.url]).toEqual([200, `${api}/ui/sign-in`]);
    // The engine starts the one digest workflow on its own.
    const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_DEV_PORT}` });
    const digests = await new Client({ connection }).workflow.getHandle(DIGEST_WORKFLOW_ID).describe();
    expect(digests.status.name).toBe('RUNNING');
    await connection.close();

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    await expect(fetch(`${api}/healthz`)).rejects.toThrow();
    expect(readdirSync(dataDir).sort()).toEqual(['mail', 'pglite', 'temporal', 'workflow-bundles']);

    const second = await startEngine(env);
    // Same people, same tokens: no second bootstrap admin.
    expect(second.output()).not.toContain('First admin');
    const me = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe('admin@localhost');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 180_000); // two starts of the whole engine (dev server, workflow bundle, PGlite): a minute alone, more on a busy machine
});
