// The all-in-one engine as `npm start` runs it (scripts/run-engine.sh), in a process of its own (its embedded Temporal dev
// server its child), on PostgreSQL and on PGlite (the default): its resident memory right after
// start, after driving cases through their lifecycle, and after an idle period; lifecycles per
// second on each storage; and an owner's inbox (`GET /tasks`) timed idle and while cases are
// driven. The engine's own RSS and its dev server's are read apart from /proc; the heap,
// external and array-buffer figures come from the engine itself through bench/memory-probe.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../config/load-config';
import { cachedWorkflowBundle } from '../temporal/workflow-bundle';
import { freshPostgres } from '../test/support/database';
import { type Cast, type Person, scenarioA } from './case-lifecycle';
import { processRss, treeRss } from './counters';
import type { MemoryReport } from './memory-probe';
import type { ScenarioResult } from './scenario-kit';
import { type Summary, percentile } from './stats';

type Ports = Record<'API_PORT' | 'TEMPORAL_DEV_PORT' | 'TEMPORAL_UI_PORT' | 'MAIL_CAPTURE_PORT', string>;

/**
 * One set of ports per engine (both run at once): h-bench's range on the shared machine, or, when
 * BENCH_ENGINE_PORTS="api,temporal,ui,mail" names the PostgreSQL engine's, those and each one
 * above for PGlite (so that two people can run the benchmark on one machine).
 */
function enginePorts(): Record<Storage, Ports> {
  const given = process.env.BENCH_ENGINE_PORTS?.split(',').map(Number);
  if (!given) {
    return {
      PostgreSQL: { API_PORT: '4211', TEMPORAL_DEV_PORT: '4212', TEMPORAL_UI_PORT: '4213', MAIL_CAPTURE_PORT: '4214' },
      PGlite: { API_PORT: '4221', TEMPORAL_DEV_PORT: '4222', TEMPORAL_UI_PORT: '4223', MAIL_CAPTURE_PORT: '4224' },
    };
  }
  if (given.length !== 4 || !given.every((port) => Number.isInteger(port) && port > 0 && port < 65535)) {
    throw new Error(`BENCH_ENGINE_PORTS takes four ports "api,temporal,ui,mail", got ${process.env.BENCH_ENGINE_PORTS}`);
  }
  const set = (offset: number): Ports => {
    const [api, temporal, ui, mail] = given.map((port) => String(port + offset));
    return { API_PORT: api!, TEMPORAL_DEV_PORT: temporal!, TEMPORAL_UI_PORT: ui!, MAIL_CAPTURE_PORT: mail! };
  };
  return { PostgreSQL: set(0), PGlite: set(1) };
}
const PORTS = enginePorts();
const apiUrlOf = (storage: Storage) => `http://127.0.0.1:${PORTS[storage].API_PORT}`;
const ROOT = path.join(__dirname, '..');
const INBOX_EVERY_MS = 50;
/** Open cases the owner keeps in the inbox while it is timed (a realistic inbox is not empty). */
const OPEN_CASES = 10;

export type Storage = 'PostgreSQL' | 'PGlite';

export interface MemorySample {
  /** The engine process alone. */
  engineRss: number;
  /** Its children: the embedded Temporal dev server. */
  devServerRss: number;
  report: MemoryReport | undefined;
}

export interface InboxFigures {
  idle: Summary90;
  busy: Summary90;
}

export interface Summary90 extends Pick<Summary, 'count' | 'p50'> {
  p90: number;
}

export interface EngineFigures {
  storage: Storage;
  startSeconds: number;
  start: MemorySample;
  afterLifecycles: MemorySample;
  idle: MemorySample;
  idleSeconds: number;
  lifecycles: ScenarioResult;
  inbox: InboxFigures;
  /** The worker's sticky cache bound (TEMPORAL_WORKER_CACHE_SIZE as the engine read it). */
  workerCacheSize: number;
  /** Settings the run gave the engine beyond ports and folders (e.g. a before/after comparison). */
  extraEnv: Record<string, string>;
}

function summary90(samples: number[]): Summary90 {
  const sorted = [...samples].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p90: percentile(sorted, 90) };
}

/** Asks the engine for its own memory figures (bench/memory-probe.ts); undefined when it does not answer within 2 s. */
function askMemory(child: ChildProcess): Promise<MemoryReport | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      resolve(undefined);
    }, 2_000);
    const onMessage = (message: unknown) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as MemoryReport);
    };
    child.on('message', onMessage);
    child.send('memory');
  });
}

async function sampleMemory(child: ChildProcess): Promise<MemorySample> {
  const report = await askMemory(child);
  const engineRss = processRss(child.pid!);
  return { engineRss, devServerRss: treeRss(child.pid!) - engineRss, report };
}

async function api<T>(apiUrl: string, method: string, urlPath: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(apiUrl + urlPath, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${urlPath} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** People with tokens and an AIMS, made through the API by the first admin the engine printed. */
async function seedThroughApi(apiUrl: string, adminToken: string): Promise<Cast> {
  const person = async (name: string, roles: string[], managerId: string | null = null): Promise<Person> => {
    const p = await api<{ id: string }>(apiUrl, 'POST', '/people', adminToken, {
      name,
      email: `${name.toLowerCase()}@example.org`,
      timeZone: 'Europe/Berlin',
      managerId,
      roles,
    });
    const { token } = await api<{ token: string }>(apiUrl, 'POST', `/people/${p.id}/tokens`, adminToken, { label: 'bench' });
    return { id: p.id, token };
  };
  const pm = await person('Paula', ['programme_manager']);
  const manager = await person('Mia', ['action_owner']);
  const owner = await person('Owen', ['action_owner'], manager.id);
  const actionOwner = await person('Ana', ['action_owner'], manager.id);
  const verifier = await person('Vera', ['auditor']);
  const aims = await api<{ id: string }>(apiUrl, 'POST', '/aims', pm.token, {
    name: 'Benchmark AIMS',
    timeZone: 'Europe/Berlin',
    holidayRegion: 'DE',
    programmeManagerId: pm.id,
  });
  return { pm, owner, actionOwner, verifier, aimsId: aims.id };
}

/** Times the owner's inbox one request at a time until `until()` says stop (at least `min` samples). */
async function timeInbox(apiUrl: string, owner: Person, until: () => boolean, min = 0): Promise<number[]> {
  const samples: number[] = [];
  while (samples.length < min || !until()) {
    const t0 = performance.now();
    await api(apiUrl, 'GET', '/tasks', owner.token);
    samples.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, INBOX_EVERY_MS));
  }
  return samples;
}

interface SpawnedEngine {
  child: ChildProcess;
  adminToken: string;
  startSeconds: number;
  stop(): Promise<void>;
}

async function spawnEngine(storage: Storage, dataDir: string, env: Record<string, string>, logFile: string): Promise<SpawnedEngine> {
  const t0 = performance.now();
  // As `npm start` runs it (scripts/run-engine.sh: the compiled entry point, no TypeScript loader,
  // the allocator's settings), with the probe: loaded by Node's own type stripping (Node 24), which
  // warns that package.json names no module type. NODE_OPTIONS is set, not inherited, so that no
  // TypeScript loader of the benchmark's own process joins the engine.
  const probe = `--disable-warning=MODULE_TYPELESS_PACKAGE_JSON --import=${path.join(ROOT, 'bench', 'memory-probe.ts')}`;
  const child = spawn('bash', ['scripts/run-engine.sh', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...PORTS[storage],
      AIMS_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DIGESTS: 'false',
      ...env,
      NODE_OPTIONS: [probe, env.NODE_OPTIONS].filter(Boolean).join(' '),
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  // The banner (with the first admin's token) and the engine's log, kept for a failed run.
  let out = '';
  const log = createWriteStream(logFile);
  child.stdout!.on('data', (chunk: Buffer) => {
    log.write(chunk);
    if (out.length < 100_000) out += chunk.toString('utf8');
  });
  child.once('exit', () => log.end());
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the engine exited with ${child.exitCode} before it was ready`);
      const token = /First admin:.*token (\S+)/.exec(out)?.[1];
      const ready =
        token &&
        (await fetch(`${apiUrlOf(storage)}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        ));
      if (ready) return { child, adminToken: token, startSeconds: (performance.now() - t0) / 1000, stop };
      if (performance.now() - t0 > 180_000) throw new Error('the engine was not ready after 180 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Running {
  storage: Storage;
  engine: SpawnedEngine;
  apiUrl: string;
  logFile: string;
  workerCacheSize: number;
  start: MemorySample;
  cast: Cast;
}

/** Starts the engine on a fresh data folder (and a fresh PostgreSQL database), seeds it and reads its memory once it stands. */
async function startEngine(
  storage: Storage,
  options: { bundleDir: string; extraEnv: Record<string, string>; progress: (m: string) => void },
  cleanup: (() => Promise<void> | void)[],
): Promise<Running> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aims-bench-engine-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  // The workflow bundle built once for this code version: a start loads it instead of bundling.
  if (existsSync(options.bundleDir)) cpSync(options.bundleDir, path.join(dataDir, 'workflow-bundles'), { recursive: true });
  const postgres = storage === 'PostgreSQL' ? await freshPostgres() : undefined;
  if (postgres) {
    await postgres.db.destroy();
    cleanup.push(() => postgres.drop());
  }
  const env = { DATABASE_URL: postgres?.url ?? '', ...options.extraEnv };
  const { config } = loadConfig({ ...process.env, ...PORTS[storage], AIMS_DATA_DIR: dataDir, ...env }, 'all-in-one');
  const logFile = path.join(os.tmpdir(), `aims-bench-engine-${storage}.log`);
  const engine = await spawnEngine(storage, dataDir, env, logFile);
  cleanup.push(() => engine.stop());
  // A second to settle: what the engine holds once it stands, not mid-start.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const start = await sampleMemory(engine.child);
  options.progress(
    `${storage} engine ready in ${engine.startSeconds.toFixed(1)} s (RSS ${(start.engineRss / 1048576).toFixed(0)} MB); seeding through its API`,
  );
  const apiUrl = apiUrlOf(storage);
  const cast = await seedThroughApi(apiUrl, engine.adminToken);
  for (let i = 0; i < OPEN_CASES; i += 1) {
    await api(apiUrl, 'POST', '/cases', cast.pm.token, {
      aimsId: cast.aimsId,
      title: `Open nonconformity ${i + 1}`,
      source: 'internal_audit',
      severity: 'minor',
      ownerId: cast.owner.id,
      clauseRef: 'A.6.2.7',
    });
  }
  return { storage, engine, apiUrl, logFile, workerCacheSize: config.temporal.workerCacheSize, start, cast };
}

/** Times the owner's inbox idle, then drives `cases` lifecycles at `concurrency` while timing it again. */
async function drive(run: Running, cases: number, concurrency: number, progress: (m: string) => void) {
  const idleInbox = await timeInbox(run.apiUrl, run.cast.owner, () => true, 20);
  progress(`${run.storage} engine: ${cases} lifecycles at c${concurrency}, the owner's inbox timed meanwhile`);
  let driving = true;
  const busyInbox = timeInbox(run.apiUrl, run.cast.owner, () => !driving);
  const lifecycles = await scenarioA(run.apiUrl, run.cast, cases, concurrency, () => false).finally(() => {
    driving = false;
  });
  const inbox = { idle: summary90(idleInbox), busy: summary90(await busyInbox) };
  const afterLifecycles = await sampleMemory(run.engine.child);
  const failed = lifecycles.failures.count ? ` (${lifecycles.failures.count} errors; the engine's log: ${run.logFile})` : '';
  progress(`${run.storage} engine: ${lifecycles.done} lifecycles done${failed}`);
  return {
    lifecycles: { ...lifecycles, name: `E: case lifecycle via API, spawned engine on ${run.storage}, c${concurrency}` },
    inbox,
    afterLifecycles,
    endedAt: Date.now(),
  };
}

/**
 * Both storages' engines, in three phases so that a longer benchmark can run its other
 * scenarios meanwhile: `start` (both at once: a start is mostly waiting), `drive` (each in turn
 * while the other stands idle), `finish` (each read again once idle for `idleSeconds` after its
 * last lifecycle, then stopped). `extraEnv` goes to both engines (e.g.
 * `PGLITE_SHARED_BUFFERS_MB=128`, the engine as before that setting).
 */
export class EngineProcesses {
  private readonly driven: Awaited<ReturnType<typeof drive>>[] = [];

  private constructor(
    private readonly runs: Running[],
    private readonly extraEnv: Record<string, string>,
    private readonly cleanup: (() => Promise<void> | void)[],
  ) {}

  static async start(options: {
    /** A folder holding the workflow bundle of this code version (built here when not given). */
    bundleDir?: string;
    extraEnv?: Record<string, string>;
    progress: (m: string) => void;
  }): Promise<EngineProcesses> {
    const bundleDir = options.bundleDir ?? path.join(os.tmpdir(), 'aims-bench-workflow-bundles');
    if (!options.bundleDir) await cachedWorkflowBundle(bundleDir);
    const extraEnv = options.extraEnv ?? {};
    const cleanup: (() => Promise<void> | void)[] = [];
    try {
      const runs = await Promise.all(
        (['PostgreSQL', 'PGlite'] as const).map((storage) => startEngine(storage, { bundleDir, extraEnv, progress: options.progress }, cleanup)),
      );
      return new EngineProcesses(runs, extraEnv, cleanup);
    } catch (error) {
      for (const step of cleanup.reverse()) await step();
      throw error;
    }
  }

  async drive(cases: number, concurrency: number, progress: (m: string) => void): Promise<void> {
    for (const run of this.runs) this.driven.push(await drive(run, cases, concurrency, progress));
  }

  async finish(idleSeconds: number, progress: (m: string) => void): Promise<EngineFigures[]> {
    const out: EngineFigures[] = [];
    for (const [i, run] of this.runs.entries()) {
      const { lifecycles, inbox, afterLifecycles, endedAt } = this.driven[i]!;
      const wait = endedAt + idleSeconds * 1000 - Date.now();
      if (wait > 0) {
        progress(`${run.storage} engine: idle until ${idleSeconds} s after its last lifecycle`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const idle = await sampleMemory(run.engine.child);
      out.push({
        storage: run.storage,
        startSeconds: run.engine.startSeconds,
        start: run.start,
        afterLifecycles,
        idle,
        idleSeconds: Math.round((Date.now() - endedAt) / 1000),
        lifecycles,
        inbox,
        workerCacheSize: run.workerCacheSize,
        extraEnv: this.extraEnv,
      });
    }
    return out;
  }

  /** Stops both engines, drops the PostgreSQL database, removes the data folders. */
  async close(): Promise<void> {
    for (const step of this.cleanup.splice(0).reverse()) await step();
  }
}
