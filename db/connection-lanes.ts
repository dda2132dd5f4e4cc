import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { DatabaseConnection, Driver, TransactionSettings } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';

/**
 * Work done for someone waiting on an answer (an HTTP request): on the embedded database its
 * statements go before queued background work. Set by the API for each request.
 */
const interactive = new AsyncLocalStorage<true>();

/** Runs `fn` (and all it awaits) as interactive work. */
export function runInteractive<T>(fn: () => T): T {
  return interactive.run(true, fn);
}

/** How many interactive statements (or transactions) may take the connection in a row while background work waits. */
export const INTERACTIVE_IN_A_ROW = 4;

/**
 * Who has the one connection of the embedded database next. PGlite is one connection in the
 * engine's own thread: its statements run one at a time on the event loop, and a queue of them
 * drains within one turn of the loop, so a request that arrives meanwhile is not even read until
 * the queue is empty. When the connection frees, interactive work takes it first. Background work
 * (the worker's saves, the outbox sender) takes it at once, unless the connection has been in use
 * for `sliceMs` without the loop turning: then on the loop's next turn, so that requests which
 * arrived meanwhile are read and their statements go ahead. At most `INTERACTIVE_IN_A_ROW`
 * interactive holders go in a row while background work waits, so background work is slowed,
 * never stopped. A holder keeps the connection until it releases it: a transaction is never
 * interleaved with anything.
 */
export class ConnectionLanes {
  private held = false;
  private readonly waiting = { interactive: [] as (() => void)[], background: [] as (() => void)[] };
  private interactiveInARow = 0;
  /** When the connection was last taken on a fresh turn of the loop. */
  private turnStartedAt = 0;

  constructor(private readonly sliceMs = 10) {}

  /** Resolves once the caller holds the connection. */
  take(lane: 'interactive' | 'background'): Promise<void> {
    if (!this.held) {
      this.held = true;
      this.turnStartedAt = performance.now();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting[lane].push(resolve));
  }

  /** The holder is done: the next in line takes the connection. */
  release(): void {
    if (this.interactiveGoesNext()) return this.hand('interactive');
    if (this.waiting.background.length === 0) {
      this.held = false;
      return;
    }
    if (performance.now() - this.turnStartedAt < this.sliceMs) return this.hand('background');
    // Held over to the loop's next turn (nobody else takes it meanwhile); whoever is first in line then has it.
    setImmediate(() => {
      this.turnStartedAt = performance.now();
      this.hand(this.interactiveGoesNext() ? 'interactive' : 'background');
    });
  }

  private interactiveGoesNext(): boolean {
    return this.waiting.interactive.length > 0 && (this.waiting.background.length === 0 || this.interactiveInARow < INTERACTIVE_IN_A_ROW);
  }

  private hand(lane: 'interactive' | 'background'): void {
    this.interactiveInARow = lane === 'interactive' ? this.interactiveInARow + 1 : 0;
    this.waiting[lane].shift()!();
  }
}

/** kysely-pglite-dialect's driver behind `ConnectionLanes`: its own first-come queue then never holds anyone. */
class LanedDriver implements Driver {
  private readonly lanes = new ConnectionLanes();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lanes.take(interactive.getStore() ? 'interactive' : 'background');
    try {
      return await this.inner.acquireConnection();
    } catch (error) {
      this.lanes.release();
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      this.lanes.release();
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** PGlite through kysely, its one connection handed out by `ConnectionLanes`. */
export class LanedPGliteDialect extends PGliteDialect {
  override createDriver(): Driver {
    return new LanedDriver(super.createDriver());
  }
}
