// Throughput benchmark: nonconformity cases driven through their whole lifecycle over the real
// HTTP API (scenario A), against bare workflows taking as many signals straight from the
// Temporal client (scenario B; floors U and F take updates instead), and the real case workflow
// driven by the client on no-op activities (floor S, bench/shape-floor/), all on one Temporal
// dev server in this process's tree; and
// (scenario E, bench/engine-process.ts) the all-in-one engine as `npm start` runs it, spawned
// on PostgreSQL and on PGlite: its memory at start, after lifecycles and once idle, its
// lifecycles per second, an owner's inbox while cases are driven.
//
//   npm run bench                                   # 1000 of each, 32 in flight
//   npm run bench -- --cases 1000 --concurrency 32
//
// Needs PostgreSQL (TEST_DATABASE_URL, default postgres://aims:aims@127.0.0.1:5432/aims_test, the
// server `npm test` provisions) and the Temporal CLI from `npm run setup`. Exit code 0 when every
// call succeeded, 1 otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, loadTemporalBinaries } from '../config/load-config';
import { connectDatabase } from '../db/connect';
import type { Db } from '../db/database';
import { issueToken } from '../db/repositories/api-tokens.repository';
import { findAimsById } from '../db/repositories/aims.repository';
import { systemClock } from '../domain/clock';
import type { Role } from '../domain/roles';
import { MailCatcher } from '../mail/capture-server';
import { createMailer, type Mailer } from '../mail/mailer';
import { createEngine } from '../main/engine';
import { freshPostgres } from '../test/support/database';
import { newPerson } from '../test/support/fixtures';
import { temporalCliPath } from '../temporal/binaries';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { commandTrace } from './command-trace';
import { SqlCounter, stackCpuMs } from './counters';
import { measureOverdueReads } from './overdue-scenario';
import { BackendWaitSampler, backendWaitLines } from './backend-waits';
import { engineMemoryTable, issueTable, serialTable } from './issue-table';
import { EngineProcesses } from './engine-process';
import { cachedWorkflowBundle } from '../temporal/workflow-bundle';
import { LatencyBook, mb, ms, summarize, table } from './stats';
import { type Person, STEPS, scenarioA } from './case-lifecycle';
import { Failures, type ScenarioResult, drivePool, say } from './scenario-kit';
import { sql } from 'kysely';
import type { bareWorkflow } from './workflows/bare.workflow';
import { stepSignal } from './workflows/bare.workflow';
import { stepUpdate, type updateFloorWorkflow } from './workflows/update.workflow';
import { noopActivities, ShapeRecord } from './shape-floor/noop-activities';
import { SHAPE_TASK_QUEUE, scenarioS, type ShapeCast } from './shape-floor/scenario-s';
import { createWorker } from '../temporal/worker';
import type { Actor } from '../domain/actor';

const DEFAULT_DATABASE_URL = 'postgres://aims:aims@127.0.0.1:5432/aims_test';
const BARE_WORKFLOWS_PATH = path.join(__dirname, 'workflows', 'index.ts');
const BARE_TASK_QUEUE = 'aims-bench-bare';

// ---------------------------------------------------------------------------------------------
// Options and small helpers

interface Options {
  cases: number;
  concurrency: number;
  /** Cases (and floor workflows) driven one at a time, for the latency of one command. */
  serialCases: number;
  /** Cases seeded for the overdue view's row (200,000; 20,000 quick). */
  overdueCases: number;
  /** Where `--trace` writes the one-at-a-time scenario's timeline. */
  trace: string | undefined;
  /** Lifecycles driven through each spawned all-in-one engine (300; 16 quick), and how many at once (the concurrency; 8 quick). */
  engineCases: number;
  engineConcurrency: number;
  /** How long the spawned engines stand idle after their last lifecycle before their memory is read again (60 s; 10 s quick). */
  idleSeconds: number;
  /**
   * `--only serial`: the one-at-a-time scenario and its floor alone (no spawned engines, no
   * concurrency, no overdue seeding); `--only lifecycles`: those and the lifecycles at the
   * concurrency beside the floors U, S and B (no spawned engines, no overdue seeding).
   */
  only: 'serial' | 'lifecycles' | undefined;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      concurrency: { type: 'string', default: '32' },
      'serial-cases': { type: 'string' },
      'overdue-cases': { type: 'string' },
      'engine-cases': { type: 'string' },
      'engine-concurrency': { type: 'string' },
      'idle-seconds': { type: 'string' },
      quick: { type: 'boolean', default: false },
      trace: { type: 'string' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run bench -- [--quick] [--cases N (1000; 64 quick)] [--concurrency C (32)] [--serial-cases N (20; 5 quick)] [--overdue-cases N (200000; 20000 quick)] [--engine-cases N (300; 16 quick)] [--engine-concurrency C (the concurrency; 8 quick)] [--idle-seconds S (60; 10 quick)] [--trace FILE (where one command’s time goes, see bench/command-trace.ts)] [--only serial (the one-at-a-time scenario and its floor alone) | --only lifecycles (those and the lifecycles at the concurrency beside their floors: no spawned engines, no overdue view)]\n',
    );
    process.exit(0);
  }
  if (values.only !== undefined && values.only !== 'serial' && values.only !== 'lifecycles') {
    process.stderr.write(`--only takes "serial" or "lifecycles", got ${JSON.stringify(values.only)}\n`);
    process.exit(2);
  }
  const positive = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) {
      process.stderr.write(`--${name} must be a positive integer, got ${JSON.stringify(raw)}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    cases: positive('cases', values.cases ?? (values.quick ? '64' : '1000')),
    concurrency: positive('concurrency', values.concurrency),
    serialCases: positive('serial-cases', values['serial-cases'] ?? (values.quick ? '5' : '20')),
    overdueCases: positive('overdue-cases', values['overdue-cases'] ?? (values.quick ? '20000' : '200000')),
    trace: values.trace,
    engineCases: positive('engine-cases', values['engine-cases'] ?? (values.quick ? '16' : '300')),
    engineConcurrency: positive('engine-concurrency', values['engine-concurrency'] ?? (values.quick ? '8' : values.concurrency)),
    idleSeconds: positive('idle-seconds', values['idle-seconds'] ?? (values.quick ? '10' : '60')),
    only: values.only,
  };
}

/** Where a database URL points, without its credentials. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = u.username ? '***' : '';
    u.password = u.password ? '***' : '';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Samples this process's resident set size every 500 ms. */
class RssSampler {
  peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 500);
  constructor() {
    this.timer.unref();
  }
  sample(): number {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
    return rss;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Scenario B and the floors: bare workflows straight from the client

type FloorKind = 'signals' | 'updates' | 'updates+db';

const FLOOR_NAMES: Record<FloorKind, string> = {
  signals: 'B: bare workflow, 6 signals',
  updates: 'U: bare workflow, 6 no-op updates',
  'updates+db': 'F: bare workflow, 6 updates each one local-activity DB round trip',
};

async function scenarioB(
  env: TestWorkflowEnvironment,
  count: number,
  concurrency: number,
  stop: () => boolean,
  kind: FloorKind = 'signals',
): Promise<ScenarioResult> {
  const calls = new LatencyBook();
  const failures = new Failures();
  const items: number[] = [];
  const runId = `${kind.replace(/\W/g, '')}-${Date.now().toString(36)}`;
  let done = 0;

  async function one(i: number): Promise<void> {
    const t0 = performance.now();
    const workflowId = `bench-bare-${runId}-${i}`;
    try {
      const handle =
        kind === 'signals'
          ? await calls.time('start', () =>
              env.client.workflow.start<typeof bareWorkflow>('bareWorkflow', { taskQueue: BARE_TASK_QUEUE, workflowId, args: [STEPS] }),
            )
          : await calls.time('start', () =>
              env.client.workflow.start<typeof updateFloorWorkflow>('updateFloorWorkflow', {
                taskQueue: BARE_TASK_QUEUE,
                workflowId,
                args: [STEPS, kind === 'updates+db'],
              }),
            );
      for (let k = 0; k < STEPS; k += 1) {
        if (kind === 'signals') await calls.time('signal', () => handle.signal(stepSignal));
        else await calls.time('update', () => handle.executeUpdate(stepUpdate));
      }
      const received = await calls.time('result (wait)', () => handle.result());
      if (received !== STEPS) {
        failures.add(`${workflowId} returned ${received}, expected ${STEPS}`);
        return;
      }
      items.push(performance.now() - t0);
      done += 1;
    } catch (error) {
      failures.add(`${workflowId}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }

  const { wallMs, cpuMs, machineBusy } = await drivePool(
    { label: kind === 'signals' ? 'B' : kind === 'updates' ? 'U' : 'F', count, unit: 'workflows', concurrency, done: () => done, failures, stop },
    one,
  );
  const step = kind === 'signals' ? 'signal' : 'update';
  return {
    name: `${FLOOR_NAMES[kind]}, c${concurrency}`,
    unit: 'workflows',
    count,
    done,
    failures,
    wallMs,
    calls,
    items,
    callLabels: ['start', step],
    callsName: `all client calls (start, ${step})`,
    cpuMs,
    machineBusy,
  };
}

// ---------------------------------------------------------------------------------------------
// Counting what a lifecycle costs

const sqlCounter = new SqlCounter();

/** One database round trip for the update floor. */
async function touchDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/**
 * CPU of the whole stack the benchmark runs: this process, the Temporal dev server (a child)
 * and the PostgreSQL backends serving its database, sampled every 500 ms so that a backend the
 * pool closed still counts with its last reading.
 */
class CpuBook {
  private readonly backends = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  constructor(private readonly listBackends: () => Promise<number[]>) {}
  start(): void {
    this.timer = setInterval(() => void this.poll(), 500);
    this.timer.unref();
  }
  stop(): void {
    clearInterval(this.timer);
  }
  private async poll(): Promise<void> {
    const pids = await this.listBackends().catch(() => []);
    for (const pid of pids) this.backends.set(pid, Math.max(this.backends.get(pid) ?? 0, stackCpuMs([pid]).postgres));
  }
  sample(): { node: number; temporal: number; postgres: number } {
    const now = stackCpuMs([]);
    return { ...now, postgres: [...this.backends.values()].reduce((a, b) => a + b, 0) };
  }
  since(start: { node: number; temporal: number; postgres: number }): { node: number; temporal: number; postgres: number; total: number } {
    const now = this.sample();
    const node = now.node - start.node;
    const temporal = now.temporal - start.temporal;
    const postgres = now.postgres - start.postgres;
    return { node, temporal, postgres, total: node + temporal + postgres };
  }
}

/** The count once it has not changed for 2 s (at most 30 s). */
async function settledCount(count: () => number): Promise<number> {
  const deadline = Date.now() + 30_000;
  let last = count();
  let stableSince = Date.now();
  while (Date.now() < deadline && Date.now() - stableSince < 2_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = count();
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    }
  }
  return last;
}

/** Events, markers (local activities and `patched()`), workflow tasks, activities and timers of one workflow's history (every run of its id). */
async function historyCounts(env: TestWorkflowEnvironment, workflowId: string | undefined) {
  const counts = { events: 0, markers: 0, workflowTasks: 0, activities: 0, timers: 0 };
  if (!workflowId) return counts;
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  for (const event of history.events ?? []) {
    counts.events += 1;
    if (event.markerRecordedEventAttributes) counts.markers += 1;
    if (event.workflowTaskCompletedEventAttributes) counts.workflowTasks += 1;
    if (event.activityTaskScheduledEventAttributes) counts.activities += 1;
    if (event.timerStartedEventAttributes) counts.timers += 1;
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Report

function report(results: ScenarioResult[], rss: RssSampler, facts: string[]): void {
  const out: string[] = [''];
  for (const r of results) {
    out.push(`${r.name}: per call (ms)`);
    const rows = [['call', 'count', 'p50', 'p99', 'max', 'mean']];
    for (const label of r.calls.labels()) {
      const s = summarize(r.calls.of(label));
      rows.push([label, String(s.count), ms(s.p50), ms(s.p99), ms(s.max), ms(s.mean)]);
    }
    const all = summarize(r.callLabels.flatMap((l) => r.calls.of(l)));
    rows.push([r.callsName, String(all.count), ms(all.p50), ms(all.p99), ms(all.max), ms(all.mean)]);
    out.push(table(rows), '');
  }

  out.push('Summary');
  const rows = [
    ['scenario', 'count', 'done', 'errors', 'wall s', 'items/s', 'call p50 ms', 'call p99 ms', 'item p50 ms', 'item p99 ms', 'node CPU', 'machine CPU'],
  ];
  for (const r of results) {
    const c = summarize(r.callLabels.flatMap((l) => r.calls.of(l)));
    const item = summarize(r.items);
    rows.push([
      r.name,
      String(r.count),
      String(r.done),
      String(r.failures.count),
      (r.wallMs / 1000).toFixed(2),
      (r.done / (r.wallMs / 1000)).toFixed(1),
      ms(c.p50),
      ms(c.p99),
      ms(item.p50),
      ms(item.p99),
      `${((r.cpuMs / r.wallMs) * 100).toFixed(0)}%`,
      `${(r.machineBusy * 100).toFixed(0)}%`,
    ]);
  }
  out.push(table(rows));
  out.push('  items/s = completed items / wall time; call = one HTTP request (A) or one client start/update/signal (F, U, S, B);');
  out.push(`  item = one whole lifecycle (A: ${STEPS} HTTP commands; F, U, S: start, ${STEPS} updates, result; B: start, ${STEPS} signals, result);`);
  out.push('  node CPU = CPU time of this process (client, API, workers) / wall time, 100% = one core;');
  out.push(`  machine CPU = busy share of all ${os.cpus().length} cores (Temporal server and PostgreSQL included).`);
  out.push(`Process RSS: ${mb(rss.sample())} at the end, ${mb(rss.peak)} peak (sampled every 500 ms)`);
  out.push(
    '',
    'Machine',
    ...facts.map((f) => `  ${f}`),
    `  load average (1, 5, 15 min) at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  for (const r of results) {
    if (r.failures.count === 0) continue;
    out.push('', `${r.name}: ${r.failures.count} errors; the first ${r.failures.first.length}:`);
    for (const f of r.failures.first) out.push(`  - ${f}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------
// Setup, run, teardown

async function main(): Promise<number> {
  const opts = options();
  const rss = new RssSampler();
  const loadAtStart = os.loadavg();
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say('interrupted: finishing the items in flight, then cleaning up (Ctrl-C again to quit at once)');
  });
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  sqlCounter.install();

  if (!process.env.TEST_DATABASE_URL) {
    process.env.TEST_DATABASE_URL = DEFAULT_DATABASE_URL;
    say(`TEST_DATABASE_URL is not set: using ${DEFAULT_DATABASE_URL}`);
  }
  say(`${opts.cases} cases and ${opts.cases} bare workflows, ${opts.concurrency} in flight; PostgreSQL server ${redact(process.env.TEST_DATABASE_URL)}`);

  const cleanup: { name: string; run: () => Promise<unknown> | unknown }[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aims-bench-'));
  cleanup.push({ name: 'scratch folder', run: () => rmSync(dataDir, { recursive: true, force: true }) });
  let failed = false;
  const facts: string[] = [];
  const engineDbs: Db[] = [];

  /**
   * Closes every pool on the database, waits until PostgreSQL has let their backends go, then
   * drops it: a forced drop while a closing connection is still open would make that connection
   * emit an unhandled 'error' on its pool.
   */
  async function dropDatabase(postgres: Awaited<ReturnType<typeof freshPostgres>>): Promise<void> {
    for (const db of [...engineDbs, postgres.db]) await db.destroy();
    const name = new URL(postgres.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0]!.n === 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await admin.end();
    }
    await postgres.drop();
  }

  try {
    // The workflow bundle, built once here: the in-process engine below and the two spawned
    // all-in-one engines load it instead of bundling at their start.
    const bundleDir = path.join(dataDir, 'workflow-bundles');
    const workflowBundle = await cachedWorkflowBundle(bundleDir);
    const enginesStarting = opts.only ? undefined : EngineProcesses.start({ bundleDir, progress: say });
    if (enginesStarting) {
      say('starting the all-in-one engine on PostgreSQL and on PGlite, each in a process of its own (scenario E)');
      cleanup.push({
        name: 'spawned engines',
        run: () =>
          enginesStarting.then(
            (e) => e.close(),
            () => undefined,
          ),
      });
    }
    say('starting the Temporal dev server, a fresh PostgreSQL database and the mail catcher');
    // In memory: the benchmark counts the emails a lifecycle sends.
    const catcher = new MailCatcher({ port: 0, keepInMemory: true });
    // As test/support/temporal.ts's devServerEnv (the real dev server, in memory), with its log quiet.
    const devServer = TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: temporalCliPath(loadTemporalBinaries(process.env)) },
        log: { format: 'pretty', level: 'error' },
        searchAttributes: SEARCH_ATTRIBUTES,
      },
    });
    const [env, postgres] = await Promise.all([devServer, freshPostgres(), catcher.start()]);
    cleanup.push({ name: 'mail catcher', run: () => catcher.stop() });
    cleanup.push({ name: 'database (drop)', run: () => dropDatabase(postgres) });
    cleanup.push({ name: 'Temporal dev server', run: () => env.teardown() });

    const { config, secrets } = loadConfig(
      {
        AIMS_DATA_DIR: dataDir,
        API_PORT: '1',
        DATABASE_URL: postgres.url,
        DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE,
        // AIMS_SETTINGS_CACHE_SECONDS=0 measures the engine as it was before the settings cache.
        AIMS_SETTINGS_CACHE_SECONDS: process.env.AIMS_SETTINGS_CACHE_SECONDS,
        LOG_LEVEL: 'error',
        // Digests would add emails and activities to the measured load.
        DIGESTS: 'false',
      },
      'all-in-one',
    );
    const apiConfig = { ...config, api: { ...config.api, port: 0 } };
    const poolSize = config.database.kind === 'postgres' ? config.database.poolSize : 10;
    // The engine's own pool, sized as `npm start` sizes it (DATABASE_POOL_SIZE, default 10),
    // shared by the API and the activities as in the all-in-one process.
    const db: Db = connectDatabase({ kind: 'postgres', url: postgres.url, poolSize });
    engineDbs.push(db);
    const cpuBook = new CpuBook(async () => {
      const { rows } = await sql<{ pid: number }>`/* bench */ select pid from pg_stat_activity where datname = current_database()`.execute(db);
      return rows.map((r) => r.pid);
    });
    cpuBook.start();
    cleanup.push({ name: 'CPU sampler', run: () => cpuBook.stop() });
    const mailer: Mailer = createMailer({ kind: 'capture', port: catcher.port, dir: '', from: config.mail.from }, secrets);
    cleanup.push({ name: 'mailer', run: () => mailer.close() });

    // The engine through the composition root, over the bench's database pool, mailer and
    // Temporal environment (closed here, by cleanup), as `npm start` assembles it.
    const log = pino({ level: 'error' }, pino.destination(2));
    const engine = await createEngine(apiConfig, secrets, { log, db, mailer, temporal: env });
    cleanup.push({ name: 'engine (API and product worker)', run: () => engine.close() });

    say('bundling workflows and starting both workers (product queue and bare queue)');
    const bareWorker = await Promise.all([
      engine.startWorker(),
      Worker.create({
        connection: env.nativeConnection,
        namespace: env.namespace ?? config.temporal.namespace,
        taskQueue: BARE_TASK_QUEUE,
        workflowsPath: BARE_WORKFLOWS_PATH,
        activities: { touchDatabase: () => touchDatabase(db) },
      }),
    ]).then(([, bare]) => bare);
    const bareRunning = bareWorker.run();
    cleanup.push({
      name: 'bare worker',
      run: async () => {
        if (bareWorker.getState() === 'RUNNING') bareWorker.shutdown();
        await bareRunning;
      },
    });

    const api = await engine.serveHttp();
    say(`API on ${api.url}, Temporal on ${env.address}, mail catcher on 127.0.0.1:${catcher.port}`);

    say('seeding people, tokens and an AIMS');
    const person = async (name: string, roles: Role[], managerId: string | null = null): Promise<Person & { actor: Actor }> => {
      const p = await newPerson(db, { name, email: `${name.toLowerCase()}@example.org`, roles, timeZone: 'Europe/Berlin', managerId });
      const { secret } = await issueToken(db, p.id, 'bench');
      return { id: p.id, token: secret, actor: { id: p.id, name, roles } };
    };
    const pm = await person('Paula', ['programme_manager']);
    const manager = await person('Mia', ['action_owner']);
    const owner = await person('Owen', ['action_owner'], manager.id);
    const actionOwner = await person('Ana', ['action_owner'], manager.id);
    const verifier = await person('Vera', ['auditor']);
    const aimsResponse = await fetch(`${api.url}/aims`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pm.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Benchmark AIMS', timeZone: 'Europe/Berlin', holidayRegion: 'DE', programmeManagerId: pm.id }),
    });
    const aimsBody = await aimsResponse.text();
    if (aimsResponse.status !== 201) throw new Error(`POST /aims answered ${aimsResponse.status}: ${aimsBody}`);
    const aimsId = (JSON.parse(aimsBody) as { id: string }).id;

    // Floor S: the product's workflow bundle on a worker of its own, over no-op activities (not
    // started for the one-at-a-time scenario alone, which has no use for it).
    const startShapeFloor = async () => {
      const record = new ShapeRecord();
      const worker = await createWorker({
        connection: env.nativeConnection,
        namespace: env.namespace ?? config.temporal.namespace,
        taskQueue: SHAPE_TASK_QUEUE,
        cacheSize: config.temporal.workerCacheSize,
        workflowBundle,
        activities: noopActivities(record, pm.id),
      });
      const running = worker.run();
      cleanup.push({
        name: 'shape worker',
        run: async () => {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running;
        },
      });
      const organisationId = (await findAimsById(db, aimsId))!.organisation_id;
      const cast: ShapeCast = {
        pm: pm.actor,
        owner: owner.actor,
        actionOwner: actionOwner.actor,
        verifier: verifier.actor,
        aimsId,
        timeZone: 'Europe/Berlin',
        organisationId,
        searchAttributes: config.temporal.searchAttributes,
      };
      return { record, cast };
    };
    const shapeFloor = opts.only === 'serial' ? undefined : await startShapeFloor();

    facts.push(
      `node ${process.version}, ${process.platform}/${process.arch}`,
      `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown model'}), ${mb(os.totalmem())} memory`,
      `load average (1, 5, 15 min) before the run ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`,
      `PostgreSQL pool ${poolSize} connections (API and activities), concurrency ${opts.concurrency}`,
      'everything in this process tree: Temporal dev server (in-memory), PostgreSQL (local server), mail catcher, 3 workers (product, bare, shape), API',
    );

    const stop = () => interrupted;
    // Both spawned engines (when started) stand idle, seeded, before anything is timed.
    const engineProcesses = enginesStarting && (await enginesStarting);
    say(`scenario A, one at a time: ${opts.serialCases} cases through ${STEPS} HTTP commands each`);
    if (opts.trace) commandTrace.start();
    const a1 = await scenarioA(api.url, { pm, owner, actionOwner, verifier, aimsId }, opts.serialCases, 1, stop);
    if (opts.trace) {
      await commandTrace.finish(env.client, a1.lastWorkflowId, opts.trace);
      say(`trace of the one-at-a-time scenario written to ${opts.trace}`);
    }
    say(`floor F, one at a time: ${opts.serialCases} workflows of ${STEPS} updates with a DB round trip each`);
    const f1 = await scenarioB(env, opts.serialCases, 1, stop, 'updates+db');
    if (opts.only === 'serial') {
      report([a1, f1], rss, facts);
      process.stdout.write(`\n${serialTable(a1, f1)}\n`);
      failed = [a1, f1].some((r) => r.failures.count > 0 || r.done < r.count) || interrupted;
    } else {
      say(`scenario A: ${opts.cases} cases through ${STEPS} HTTP commands each, ${opts.concurrency} in flight`);
      const mails0 = catcher.messages.length;
      const sql0 = sqlCounter.snapshot();
      const cpu0 = cpuBook.sample();
      const waitSampler = new BackendWaitSampler(db);
      waitSampler.start();
      const a = await scenarioA(api.url, { pm, owner, actionOwner, verifier, aimsId }, opts.cases, opts.concurrency, stop);
      const waitsA = await waitSampler.stop();
      const cpuA = cpuBook.since(cpu0);
      const sqlA = sqlCounter.snapshot();
      // Emails go out after the answers: wait (up to 30 s) for the lifecycles' emails to arrive.
      const mailsA = await settledCount(() => catcher.messages.length - mails0);
      say(`scenario A done: ${a.done}/${a.count} cases in ${(a.wallMs / 1000).toFixed(1)} s, ${a.failures.count} errors`);
      const history = await historyCounts(env, a.sampleWorkflowId);

      say(`floor U: ${opts.cases} bare workflows of ${STEPS} no-op updates, ${opts.concurrency} in flight`);
      const cpuU0 = cpuBook.sample();
      const u = await scenarioB(env, opts.cases, opts.concurrency, stop, 'updates');
      const cpuU = cpuBook.since(cpuU0);
      say(`floor S: ${opts.cases} case workflows through the same ${STEPS} commands on no-op activities, ${opts.concurrency} in flight`);
      const cpuS0 = cpuBook.sample();
      const s = await scenarioS(env.client, shapeFloor!.record, shapeFloor!.cast, opts.cases, opts.concurrency, stop);
      const cpuS = cpuBook.since(cpuS0);
      say(`floor S done: ${s.done}/${s.count} cases in ${(s.wallMs / 1000).toFixed(1)} s, ${s.failures.count} errors`);
      const historyS = await historyCounts(env, s.sampleWorkflowId);
      say(`scenario B: ${opts.cases} bare workflows, start + ${STEPS} signals + result each`);
      const b = await scenarioB(env, opts.cases, opts.concurrency, stop, 'signals');
      say(`scenario B done: ${b.done}/${b.count} workflows in ${(b.wallMs / 1000).toFixed(1)} s, ${b.failures.count} errors`);

      let overdue: Awaited<ReturnType<typeof measureOverdueReads>> | undefined;
      let engines: Awaited<ReturnType<NonNullable<typeof engineProcesses>['finish']>> = [];
      if (engineProcesses) {
        say(`scenario E: ${opts.engineCases} lifecycles through each spawned engine, ${opts.engineConcurrency} in flight`);
        await engineProcesses.drive(opts.engineCases, opts.engineConcurrency, say);

        // The overdue seeding runs while the spawned engines idle (their idle period).
        say(`overdue view: ${opts.overdueCases} cases seeded into a database of its own, the API beside its raw SQL`);
        overdue = await measureOverdueReads({ cases: opts.overdueCases, rounds: opts.overdueCases > 50_000 ? 30 : 10, progress: say });

        engines = await engineProcesses.finish(opts.idleSeconds, say);
        await engineProcesses.close();
      }

      const perLifecycle = (n: number) => (a.done > 0 ? (n / a.done).toFixed(1) : '-');
      const cpuLine = (cpu: typeof cpuA, n: number) =>
        `node ${ms(cpu.node / Math.max(1, n))} ms + Temporal ${ms(cpu.temporal / Math.max(1, n))} ms + PostgreSQL ${ms(cpu.postgres / Math.max(1, n))} ms`;
      const historyLine = (h: typeof history) =>
        `history events ${h.events}, markers ${h.markers} (local activities and patches), workflow tasks ${h.workflowTasks}, activities ${h.activities}, timers ${h.timers}`;
      const issue = issueTable({
        a1,
        f1,
        a,
        u,
        s,
        cpuA: cpuA.total / Math.max(1, a.done),
        cpuU: cpuU.total / Math.max(1, u.done),
        cpuS: cpuS.total / Math.max(1, s.done),
        overdue,
        engines,
        counts: [
          `${historyLine(history)} (one case)`,
          `${historyLine(historyS)} (one case of S, the same workflow on no-op activities)`,
          `SQL statements ${perLifecycle(sqlA.statements - sql0.statements)}, explicit transactions ${perLifecycle(sqlA.transactions - sql0.transactions)}, SMTP sends ${perLifecycle(mailsA)} per lifecycle`,
          `AIMS reads ${perLifecycle(sqlA.aimsReads - sql0.aimsReads)}, people reads ${perLifecycle(sqlA.peopleReads - sql0.peopleReads)} per lifecycle (AIMS settings cache ${config.aimsSettingsCacheMs / 1000} s)`,
          `CPU per lifecycle: ${cpuLine(cpuA, a.done)}; S: ${cpuLine(cpuS, s.done)}; U: ${cpuLine(cpuU, u.done)}`,
          ...backendWaitLines(waitsA),
        ],
      });
      const eResults = engines.map((e) => e.lifecycles);
      report([a1, f1, a, u, s, b, ...eResults], rss, facts);
      process.stdout.write(`\n${engines.length > 0 ? `${engineMemoryTable(engines)}\n` : ''}${issue}\n`);
      failed = [a1, f1, a, u, s, b, ...eResults].some((r) => r.failures.count > 0 || r.done < r.count) || interrupted;
    }
  } catch (error) {
    failed = true;
    process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  } finally {
    say('cleaning up');
    for (const step of cleanup.reverse()) {
      try {
        await step.run();
      } catch (error) {
        failed = true;
        process.stderr.write(`cleanup of the ${step.name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    rss.stop();
    say(failed ? 'done, with errors (exit 1)' : 'done (exit 0)');
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
