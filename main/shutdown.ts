import type { Logger } from 'pino';

/**
 * Closes what was opened, newest first, once, on SIGINT or SIGTERM (Ctrl-C), so that the worker
 * finishes its tasks, the API stops taking requests and the databases flush before exit.
 */
export class Shutdown {
  private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];
  private started = false;

  constructor(private readonly log: Logger) {}

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  onSignals(): void {
    const handler = (signal: NodeJS.Signals) => {
      this.log.info(`${signal}: shutting down`);
      void this.run().then(() => process.exit(0));
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  }

  async run(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const step of this.steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        this.log.error({ err: error }, `shutdown: ${step.name} failed`);
      }
    }
  }
}
