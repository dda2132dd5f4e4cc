// Start-up leaves garbage behind: every module compiled from TypeScript, the migrations, the
// workflow bundle read and handed to the worker thread. V8 keeps the heap it grew for them (about
// 150 MB more than the engine then uses) until its memory reducer finds the process idle, which
// under steady light traffic may be never. One memory-reducing collection once the engine
// stands hands those pages back to the system. A pause of a few hundred milliseconds, once.
import v8 from 'node:v8';
import vm from 'node:vm';

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
