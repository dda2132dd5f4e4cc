import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compactHeapOnce, compactHeapWhenIdle } from '../../main/compact-heap';

describe('compacting the heap once started', () => {
  it('hands the pages of start-up garbage back, and leaves no gc function exposed', () => {
    // Garbage the size of a start-up's: 200,000 small objects of ~1 KiB each, dropped at once.
    let garbage: string[][] | undefined = Array.from({ length: 200_000 }, (_, i) => [`${i}`.padEnd(1000, 'x')]);
    const grown = process.memoryUsage().heapTotal;
    expect(garbage.length).toBe(200_000);
    garbage = undefined;
    compactHeapOnce();
    expect(process.memoryUsage().heapTotal).toBeLessThan(grown - 100 * 1024 * 1024);
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
  });

  it('compacts an idle process that holds heap beyond its live objects, and stays out of the way while it is busy', async () => {
    let garbage: string[][] | undefined = Array.from({ length: 200_000 }, (_, i) => [`${i}`.padEnd(1000, 'y')]);
    const grown = process.memoryUsage().heapTotal;
    expect(garbage.length).toBe(200_000);
    garbage = undefined;
    const stop = compactHeapWhenIdle(200);
    try {
      // Busy: the event loop is held for a whole interval and more, so no compaction happens.
      const until = Date.now() + 500;
      while (Date.now() < until) {
        // spin
      }
      expect(process.memoryUsage().heapTotal).toBeGreaterThan(grown - 50 * 1024 * 1024);
      // Idle: the next quiet interval compacts.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(process.memoryUsage().heapTotal).toBeLessThan(grown - 100 * 1024 * 1024);
    } finally {
      stop();
    }
  });
});
