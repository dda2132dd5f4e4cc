// Start-up of the all-in-one engine (`npm start`'s process: Temporal dev server, PGlite unless
// DATABASE_URL is set, mail catcher, worker, API): seconds from spawn to /readyz answering 200,
// and the resident memory of the process tree then, on an empty data folder and again on the
// folder the first start left.
//
//   npm run bench:start                      # PGlite (the default)
//   npm run bench:start -- --postgres        # PostgreSQL (TEST_DATABASE_URL's server, a fresh database)
//   npm run bench:start -- --root ../other   # another checkout, for a before/after comparison
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { freshPostgres } from '../test/support/database';
import { treeRss } from './counters';
import { mb, table } from './stats';

process.env.TEST_DATABASE_URL ??= 'postgres://aims:aims@127.0.0.1:5432/aims_test';
// Ports of this bench (issue #20's range on the shared machine).
const PORTS = { API_PORT: '4401', TEMPORAL_DEV_PORT: '4402', TEMPORAL_UI_PORT: '4403', MAIL_CAPTURE_PORT: '4404' };

async function startOnce(root: string, dataDir: string, databaseUrl: string | undefined): Promise<{ seconds: number; rss: number }> {
  const t0 = performance.now();
  // As `npm start` runs it (compiled once per code version); a checkout from before that, through tsx.
  const compiled = existsSync(path.join(root, 'scripts', 'run-engine.sh'));
  const child = spawn(compiled ? 'bash' : process.execPath, compiled ? ['scripts/run-engine.sh', 'start'] : ['--import', 'tsx', 'main/start.ts'], {
    cwd: root,
    env: { ...process.env, ...PORTS, AIMS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the engine exited with ${child.exitCode} before it was ready`);
      const ok = await fetch(`http://127.0.0.1:${PORTS.API_PORT}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - t0 > 120_000) throw new Error('not ready after 120 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { seconds, rss: treeRss(child.pid!) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  // --root: another checkout of the project (e.g. a worktree of an earlier commit), to compare.
  const { values } = parseArgs({
    options: { postgres: { type: 'boolean', default: false }, root: { type: 'string', default: path.join(__dirname, '..') } },
    strict: true,
  });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aims-start-'));
  const postgres = values.postgres ? await freshPostgres() : undefined;
  try {
    const rows = [['start', 'to /readyz s', 'RSS of the process tree (engine + dev server)']];
    for (const label of ['empty data folder', 'existing data folder']) {
      const { seconds, rss } = await startOnce(values.root, dataDir, postgres?.url);
      rows.push([label, seconds.toFixed(1), mb(rss)]);
    }
    process.stdout.write(`\nEngine start (${values.postgres ? 'PostgreSQL' : 'PGlite'}; load average ${os.loadavg()[0]!.toFixed(1)})\n${table(rows)}\n`);
  } finally {
    await postgres?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
