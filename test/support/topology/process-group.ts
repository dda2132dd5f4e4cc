import { spawn, type SpawnOptions } from 'node:child_process';

/**
 * A server the topology test runs and kills: started detached in a process group of its own, so
 * that SIGKILL reaches the whole tree (PostgreSQL's backends, runuser's child), as a crash would.
 */
export class ProcessGroup {
  private output = '';
  private readonly exit: Promise<number | null>;
  private readonly child;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: SpawnOptions,
  ) {
    this.child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      // The tail is enough to explain a failure; a long run must not grow without bound.
      this.output = (this.output + chunk.toString()).slice(-200_000);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exit = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL to every process of the group: no shutdown hook runs, as in a crash. */
  async kill(): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await this.exit;
  }

  /** A clean stop (SIGTERM to the group), for the end of the test. */
  async stop(): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(-this.child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timeout = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 15_000).unref());
    if ((await Promise.race([this.exit, timeout])) === 'late') await this.kill();
  }

  /** Waits until `ready` holds, failing with the process's output if it exits or takes too long. */
  async waitFor(what: string, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited before ${what}:\n${this.output.slice(-4000)}`);
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${what} in ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
