// Loaded into an engine the benchmark spawns (`node --import ./bench/memory-probe.ts <compiled engine>/start.js`,
// its types stripped by Node itself, so no TypeScript loader joins the engine): answers the benchmark's 'memory' message over the IPC channel with the process's own figures,
// which only the process itself can read. It changes nothing in the engine: no GC is forced, and
// the channel does not keep the process alive.
import v8 from 'node:v8';

export interface MemoryReport {
  usage: NodeJS.MemoryUsage;
  /** V8 heap spaces of the main thread, bytes used. */
  heapSpaces: Record<string, number>;
}

if (process.send) {
  process.on('message', (message) => {
    if (message !== 'memory') return;
    const report: MemoryReport = {
      usage: process.memoryUsage(),
      heapSpaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size])),
    };
    process.send?.(report);
  });
  // Adding the listener refs the channel; the engine's own life decides when it ends.
  process.channel?.unref();
}
