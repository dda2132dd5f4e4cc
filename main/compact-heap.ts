// Start-up leaves garbage behind: every module compiled from TypeScript, the migrations, the
// workflow bundle read and handed to the worker thread. V8 keeps the heap it grew for them (about
// 150 MB more than the engine then uses) until its memory reducer finds the process idle, which
// under steady light traffic may be never. One memory-reducing collection once the engine
// stands hands those pages back to the system. A pause of a few hundred milliseconds, once.
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Config } from '../config/config';

type GcWithOptions = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Runs one full, compacting, memory-reducing collection (V8's "last resort" flavour, which also
 * shrinks the heap's reserved pages). The `gc` function is taken for this call only: the flag that
 * exposes it is switched off again, so no later context (a workflow sandbox, a page) sees it.
 */
export function compactHeapOnce(): void {
  v8.setFlagsFromString('--expose-gc');
  let gc: GcWithOptions | undefined;
  try {
    gc = vm.runInNewContext('gc') as GcWithOptions | undefined;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** Slack (heap reserved beyond what is live) worth handing back. */
const IDLE_SLACK_BYTES = 32 * 1024 * 1024;
/** Event-loop utilisation under which an interval counts as idle. */
const IDLE_UTILISATION = 0.05;

/**
 * Every `everyMs`, when the event loop was idle over the whole interval (utilisation under 5 %)
 * and the heap holds more than 32 MB beyond its live objects, compacts it once: after a burst of
 * commands the engine otherwise keeps the heap the burst grew until V8's own memory reducer runs,
 * which it sometimes does not while pollers keep the process ticking. A pause of a few hundred
 * milliseconds when nothing is waiting; the next compaction needs the slack to grow back. Returns
 * the function that stops it.
 */
export function compactHeapWhenIdle(everyMs: number): () => void {
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    const { heapTotal, heapUsed } = process.memoryUsage();
    if (utilization < IDLE_UTILISATION && heapTotal - heapUsed > IDLE_SLACK_BYTES) {
      compactHeapOnce();
      last = performance.eventLoopUtilization();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** What every entry point does once it stands: compact now, then whenever idle, as configured. */
export function compactHeapAsConfigured(config: Pick<Config, 'compactHeapAfterStart' | 'compactHeapWhenIdleMs'>): void {
  if (config.compactHeapAfterStart) compactHeapOnce();
  if (config.compactHeapWhenIdleMs > 0) compactHeapWhenIdle(config.compactHeapWhenIdleMs);
}
