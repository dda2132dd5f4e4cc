// Records the SQL a piece of work sends through this process's `pg` clients, and replays it
// straight on a client of its own: "the raw SQL it runs", measured beside the API that runs it.
import { performance } from 'node:perf_hooks';
import pg from 'pg';

interface Recorded {
  text: string;
  values: unknown[];
  startedAt: number;
  endedAt: number;
}

/** Statements that were in flight together run together on replay, as the recorded work ran them. */
type Batch = { text: string; values: unknown[] }[];

export class SqlRecorder {
  private recording: Recorded[] | undefined;

  install(): void {
    const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const recorder = this;
    (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
      const result = original.apply(this, args);
      const into = recorder.recording;
      const first = args[0];
      if (into && result instanceof Promise) {
        const text = typeof first === 'string' ? first : ((first as { text?: string }).text ?? '');
        const values = (typeof first === 'string' ? args[1] : (first as { values?: unknown[] }).values) as unknown[] | undefined;
        const entry: Recorded = { text, values: values ?? [], startedAt: performance.now(), endedAt: Number.POSITIVE_INFINITY };
        into.push(entry);
        void result.then(
          () => (entry.endedAt = performance.now()),
          () => (entry.endedAt = performance.now()),
        );
      }
      return result;
    };
  }

  /** Runs `work` and returns the statements it sent, grouped into batches of statements in flight together. */
  async record(work: () => Promise<unknown>): Promise<Batch[]> {
    this.recording = [];
    try {
      await work();
    } finally {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const statements = this.recording.sort((a, b) => a.startedAt - b.startedAt);
    this.recording = undefined;
    const batches: Batch[] = [];
    let batchEnd = Number.NEGATIVE_INFINITY;
    for (const s of statements) {
      if (s.startedAt < batchEnd && batches.length > 0) batches.at(-1)!.push({ text: s.text, values: s.values });
      else batches.push([{ text: s.text, values: s.values }]);
      batchEnd = batches.at(-1)!.length === 1 ? s.endedAt : Math.max(batchEnd, s.endedAt);
    }
    return batches;
  }
}

/** Replays recorded batches on `clients` (one per statement of the widest batch), batch after batch. */
export async function replay(clients: pg.Client[], batches: Batch[]): Promise<void> {
  for (const batch of batches) {
    await Promise.all(batch.map((s, i) => clients[i]!.query(s.text, s.values)));
  }
}

export const widest = (batches: Batch[]) => Math.max(1, ...batches.map((b) => b.length));
