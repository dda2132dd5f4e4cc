// Shared pieces of the benchmark's scenarios: the progress line, failures, CPU shares and the
// result every scenario returns.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type LatencyBook, mb, runPool } from './stats';

const MAX_PRINTED_ERRORS = 5;
const PROGRESS_EVERY_MS = 3_000;

export const started = performance.now();
export const say = (line: string) => process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);
/** Collects failures; keeps the first few messages for printing. */
export class Failures {
  count = 0;
  readonly first: string[] = [];
  add(message: string): void {
    this.count += 1;
    if (this.first.length < MAX_PRINTED_ERRORS) this.first.push(message);
  }
}

export interface ScenarioResult {
  name: string;
  /** A workflow the scenario drove to its end, whose history the report counts. */
  sampleWorkflowId?: string;
  /** The last one it drove to its end (`--trace`). */
  lastWorkflowId?: string;
  unit: string;
  count: number;
  done: number;
  failures: Failures;
  wallMs: number;
  calls: LatencyBook;
  items: number[];
  /** Labels of the book that are client calls (latency totals are over these), and their name. */
  callLabels: string[];
  callsName: string;
  /** CPU time (user + system) this process used during the scenario, ms. */
  cpuMs: number;
  /** Share of the whole machine's CPU time that was busy during the scenario, 0..1. */
  machineBusy: number;
}

export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Busy and total CPU time of the whole machine so far (all cores, all processes), ms. */
export function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

export function machineBusySince(start: { busy: number; total: number }): number {
  const now = machineCpu();
  return (now.busy - start.busy) / Math.max(1, now.total - start.total);
}

export function progress(label: string, total: number, unit: string, done: () => number, failed: () => number): () => void {
  const t0 = performance.now();
  const timer = setInterval(() => {
    const n = done();
    const rate = n / ((performance.now() - t0) / 1000);
    say(`${label}: ${n}/${total} ${unit} done, ${failed()} errors, ${rate.toFixed(1)}/s, rss ${mb(process.memoryUsage().rss)}`);
  }, PROGRESS_EVERY_MS);
  return () => clearInterval(timer);
}

/**
 * Runs `count` items `concurrency` at a time with the progress line, and measures what every
 * scenario reports of the run: its wall time, this process's CPU and the machine's busy share.
 */
export async function drivePool(
  run: { label: string; count: number; unit: string; concurrency: number; done: () => number; failures: Failures; stop: () => boolean },
  item: (i: number) => Promise<void>,
): Promise<{ wallMs: number; cpuMs: number; machineBusy: number }> {
  const stopProgress = progress(run.label, run.count, run.unit, run.done, () => run.failures.count);
  const cpu0 = process.cpuUsage();
  const machine0 = machineCpu();
  const t0 = performance.now();
  try {
    await runPool(run.count, run.concurrency, item, run.stop);
  } finally {
    stopProgress();
  }
  return { wallMs: performance.now() - t0, cpuMs: cpuMsSince(cpu0), machineBusy: machineBusySince(machine0) };
}
