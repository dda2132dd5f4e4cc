// The figures of issue #20 as one table: each measure beside the floor measured in the same run,
// and their ratio against the issue's aim. Figures on a shared machine are noisy; ratios are
// what compares across runs.
import type { EngineFigures } from './engine-process';
import type { OverdueFigures } from './overdue-scenario';
import { OVERDUE_AIM } from './overdue-scenario';
import type { LatencyBook } from './stats';
import { mb, ms, summarize, table } from './stats';

interface Scenario {
  name: string;
  done: number;
  wallMs: number;
  calls: LatencyBook;
}

const COMMANDS = [
  ['containment', 'POST /cases/:id/containment'],
  ['root cause', 'POST /cases/:id/root-cause'],
  ['plan decision', 'POST /cases/:id/plan-decision'],
  ['action completion', 'POST /cases/:id/actions/:actionId/completion'],
  ['effectiveness', 'POST /cases/:id/effectiveness'],
] as const;

const rate = (r: Scenario) => r.done / (r.wallMs / 1000);
const ratio = (x: number, floor: number) => (floor > 0 && Number.isFinite(x) ? `${(x / floor).toFixed(2)} ×` : '-');

const HEADER = ['measure', 'now', 'floor (same run)', 'ratio', 'aim'];

/** Each command's latency one at a time beside the floor's update (both from the same run). */
function commandRows(a1: Scenario, f1: Scenario): string[][] {
  const floorUpdate = summarize(f1.calls.of('update')).p50;
  return COMMANDS.map(([name, label]) => {
    const p50 = summarize(a1.calls.of(label)).p50;
    return [`${name}, c1 p50 ms`, ms(p50), `${ms(floorUpdate)} (update + 1 DB LA)`, ratio(p50, floorUpdate), '≤ 2 ×'];
  });
}

/** The command rows of issue #20's table alone (`--only serial`). */
export function serialTable(a1: Scenario, f1: Scenario): string {
  return ['', 'Issue #20 figures, one at a time', table([HEADER, ...commandRows(a1, f1)])].join('\n');
}

export function issueTable(input: {
  a1: Scenario;
  f1: Scenario;
  a: Scenario;
  u: Scenario;
  /** The shape floor: the case workflow itself on no-op activities (bench/shape-floor/). */
  s: Scenario;
  cpuA: number;
  cpuU: number;
  cpuS: number;
  overdue?: OverdueFigures;
  engines?: readonly EngineFigures[];
  counts: string[];
}): string {
  const { a1, f1, a, u, s } = input;
  const rows = [HEADER, ...commandRows(a1, f1)];
  rows.push([`lifecycles/s, ${a.name.split(', ').at(-1)}`, rate(a).toFixed(1), `${rate(u).toFixed(1)} (6 no-op updates)`, ratio(rate(a), rate(u)), '≥ 0.5 ×']);
  rows.push(['lifecycles/s ÷ S', rate(a).toFixed(1), `${rate(s).toFixed(1)} (case workflow, no-op activities)`, ratio(rate(a), rate(s)), '≥ 0.8 ×']);
  rows.push(['CPU ms per lifecycle (node + Temporal + PG)', ms(input.cpuA), `${ms(input.cpuU)} (6 no-op updates)`, ratio(input.cpuA, input.cpuU), 'halve']);
  rows.push(['CPU ms per lifecycle ÷ S', ms(input.cpuA), `${ms(input.cpuS)} (case workflow, no-op activities)`, ratio(input.cpuA, input.cpuS), '(reference)']);
  for (const read of input.overdue?.reads ?? []) {
    if (!/first page|trend: 12/.test(read.label)) continue;
    rows.push([
      `${read.label} at ${input.overdue!.cases} cases, p99 ms (${(read.bytes / 1024).toFixed(0)} KiB)`,
      ms(read.api.p99),
      `${ms(read.sql.p99)} (its raw SQL)`,
      ratio(read.api.p99, read.sql.p99),
      `≤ ${OVERDUE_AIM} ×`,
    ]);
  }
  rows.push(...engineRows(input.engines ?? []));
  return ['', 'Issue #20 figures', table(rows), ...input.counts.map((c) => `  ${c}`)].join('\n');
}

/** The rows of issue #20's table that need the all-in-one engine in a process of its own (engine-process.ts). */
export function engineRows(engines: readonly EngineFigures[]): string[][] {
  const rows: string[][] = [];
  const pg = engines.find((e) => e.storage === 'PostgreSQL');
  const lite = engines.find((e) => e.storage === 'PGlite');
  for (const e of engines) {
    const aim = e.storage === 'PGlite' ? 350 : 250;
    const rssMb = e.start.engineRss / 1024 / 1024;
    rows.push([
      `engine RSS right after start, ${e.storage} (dev server apart)`,
      `${mb(e.start.engineRss)} (+ ${mb(e.start.devServerRss)})`,
      '-',
      `${(rssMb / aim).toFixed(2)} × aim`,
      `≤ ${aim} MB`,
    ]);
  }
  for (const e of engines) {
    rows.push([
      `engine RSS after ${e.lifecycles.done} lifecycles / after ${e.idleSeconds} s idle, ${e.storage}`,
      `${mb(e.afterLifecycles.engineRss)} / ${mb(e.idle.engineRss)}`,
      `${mb(e.start.engineRss)} (at start)`,
      ratio(e.idle.engineRss, e.start.engineRss),
      '≤ 1.2 × once idle',
    ]);
  }
  if (pg && lite) {
    const c = lite.lifecycles.name.split(', ').at(-1);
    rows.push([
      `lifecycles/s on PGlite vs PostgreSQL, spawned engine, ${c}`,
      rate(lite.lifecycles).toFixed(2),
      `${rate(pg.lifecycles).toFixed(2)} (PostgreSQL)`,
      ratio(rate(lite.lifecycles), rate(pg.lifecycles)),
      '≥ 0.8 ×',
    ]);
  }
  for (const e of engines) {
    rows.push([
      `owner's inbox while driven, ${e.storage}, p50 / p90 ms`,
      `${ms(e.inbox.busy.p50)} / ${ms(e.inbox.busy.p90)}`,
      `${ms(e.inbox.idle.p50)} / ${ms(e.inbox.idle.p90)} (idle)`,
      ratio(e.inbox.busy.p90, e.inbox.idle.p90),
      e.storage === 'PGlite' ? '≤ 3 × (p90)' : '(reference)',
    ]);
  }
  return rows;
}

/** What holds each engine's memory: the process's own figures at start, after the lifecycles and once idle. */
export function engineMemoryTable(engines: readonly EngineFigures[]): string {
  const rows = [['engine, moment', 'RSS', 'dev server', 'V8 heap total / used', 'external', 'of which array buffers', 'rest (native)']];
  for (const e of engines) {
    for (const [moment, s] of [
      ['start', e.start],
      [`after ${e.lifecycles.done} lifecycles`, e.afterLifecycles],
      [`after ${e.idleSeconds} s idle`, e.idle],
    ] as const) {
      const u = s.report?.usage;
      rows.push([
        `${e.storage}, ${moment}`,
        mb(s.engineRss),
        mb(s.devServerRss),
        u ? `${mb(u.heapTotal)} / ${mb(u.heapUsed)}` : '-',
        u ? mb(u.external) : '-',
        u ? mb(u.arrayBuffers) : '-',
        u ? mb(s.engineRss - u.heapTotal - u.external) : '-',
      ]);
    }
  }
  const settings = engines.map(
    (e) =>
      `${e.storage}: worker sticky cache ${e.workerCacheSize} workflows${
        Object.keys(e.extraEnv).length
          ? `, ${Object.entries(e.extraEnv)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          : ''
      }`,
  );
  return [
    'All-in-one engine memory (a process of its own; heap and external as the engine reports them, main thread)',
    table(rows),
    '  rest (native) = RSS - V8 heap total - external: the Temporal core (Rust), the workflow thread and its isolate, code, the allocator',
    ...settings.map((s) => `  ${s}`),
  ].join('\n');
}
