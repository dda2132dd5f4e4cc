/**
 * Runs state-changing update handlers one at a time. Handlers await activities (saving the
 * record, preparing a task); without this, a second update could interleave and see, or save,
 * half of the first one's change.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
