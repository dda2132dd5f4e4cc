// What a lifecycle costs, counted in the benchmark only: SQL statements and transactions sent
// by this process's pools, and CPU time of this process, the Temporal server it started and the
// PostgreSQL backends serving the benchmark's database.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { commandTrace } from './command-trace';

/** Counts every query this process's `pg` clients send (the engine's pool included). */
export class SqlCounter {
  statements = 0;
  transactions = 0;
  /** Reads whose main table is `aims` or `people` (issue #20: 10 and 22 per lifecycle before the settings cache). */
  aimsReads = 0;
  peopleReads = 0;
  install(): void {
    const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const counter = this;
    (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
      if (text.startsWith('/* bench */')) return original.apply(this, args);
      counter.statements += 1;
      commandTrace.sql(text);
      if (/^\s*begin\b/i.test(text)) counter.transactions += 1;
      if (/^\s*select\b[\s\S]*?\bfrom "aims"/i.test(text)) counter.aimsReads += 1;
      if (/^\s*select\b[\s\S]*?\bfrom "people"/i.test(text)) counter.peopleReads += 1;
      return original.apply(this, args);
    };
  }
  snapshot(): { statements: number; transactions: number; aimsReads: number; peopleReads: number } {
    return { statements: this.statements, transactions: this.transactions, aimsReads: this.aimsReads, peopleReads: this.peopleReads };
  }
}

const TICKS_PER_SECOND = 100;

/** utime + stime of a process, ms (0 when it is gone or unreadable). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Children (recursively) of a process, from /proc. */
export function descendants(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendants(child)]);
}

/** A process's own children, of every thread: the SDK's native runtime spawns the Temporal server from a thread of its own. */
function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  // A thread may end between the listing and the read (the worker's threads come and go): it
  // has no children then, and the others' still count (one failed read once dropped them all).
  return threads.flatMap((thread) => {
    try {
      return readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/** Resident set size of one process, bytes (0 when it is gone). */
export function processRss(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Number(line?.split(/\s+/)[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Resident set size of a process and its descendants, bytes. */
export function treeRss(pid: number): number {
  return [pid, ...descendants(pid)].reduce((total, p) => total + processRss(p), 0);
}

/** The command name of a process (`/proc/<pid>/comm`), or undefined when it is gone. */
function commandName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * CPU time of this process, of the Temporal dev server it started and of the given PostgreSQL
 * backends, ms. Only the `temporal` processes among its own children count as Temporal: not the
 * spawned engines of scenario E (started through bash, each with a dev server of its own), nor
 * tsx's esbuild, whose exit would make the sum fall between two samples.
 */
export function stackCpuMs(backendPids: readonly number[]): { node: number; temporal: number; postgres: number } {
  const usage = process.cpuUsage();
  const temporalServers = childrenOf(process.pid).filter((pid) => commandName(pid) === 'temporal');
  return {
    node: (usage.user + usage.system) / 1000,
    temporal: temporalServers.reduce((sum, p) => sum + processCpuMs(p), 0),
    postgres: backendPids.reduce((sum, p) => sum + processCpuMs(p), 0),
  };
}
