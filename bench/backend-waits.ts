// Where the bench database's connections spend a scenario: every 100 ms the engine's backends
// are read from pg_stat_activity and counted by what they wait for. A lock that every save of an
// AIMS takes (the audit trail's chain, the AIMS's case counter) shows as connections waiting on
// it, a connection held while the process is busy elsewhere as "idle in transaction".
import { sql } from 'kysely';
import type { Db } from '../db/database';

const EVERY_MS = 100;

/** Backends by state: running, waiting on a lock (by what it runs), held idle in a transaction. */
export interface BackendWaits {
  samples: number;
  /** Mean number of backends in each state over the samples, largest first. */
  means: [string, number][];
}

export class BackendWaitSampler {
  private samples = 0;
  private readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private reading = false;

  constructor(private readonly db: Db) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<BackendWaits> {
    clearInterval(this.timer);
    const means = [...this.counts.entries()].map(([state, n]): [string, number] => [state, n / Math.max(1, this.samples)]);
    return { samples: this.samples, means: means.sort((a, b) => b[1] - a[1]) };
  }

  private async sample(): Promise<void> {
    if (this.reading) return; // a slow read under load: skip a tick rather than pile up
    this.reading = true;
    try {
      const { rows } = await sql<{ state: string; n: number }>`/* bench */
        select case
                 when wait_event_type = 'Lock' then 'waiting on ' || wait_event || ': ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 60)
                 when state = 'idle in transaction' then 'idle in transaction (the process has the turn)'
                 when state = 'active' then 'running' || coalesce(' (' || wait_event_type || ')', '')
               end as state,
               count(*)::int as n
          from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
         group by 1`.execute(this.db);
      this.samples += 1;
      for (const { state, n } of rows) this.counts.set(state, (this.counts.get(state) ?? 0) + n);
    } catch {
      // A sample lost (the pool busy, a connection reset) costs nothing but that sample.
    } finally {
      this.reading = false;
    }
  }
}

/** The lines the report prints: each state with its mean number of backends. */
export function backendWaitLines(waits: BackendWaits): string[] {
  return [
    `backends of the engine's pool during the lifecycles, mean over ${waits.samples} samples (every ${EVERY_MS} ms):`,
    ...waits.means.filter(([, mean]) => mean >= 0.05).map(([state, mean]) => `    ${mean.toFixed(2)} ${state}`),
  ];
}
