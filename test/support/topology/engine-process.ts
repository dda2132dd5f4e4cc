import path from 'node:path';
import { ProcessGroup } from './process-group';

const repoRoot = path.join(__dirname, '..', '..', '..');

/**
 * One production role of the engine as its own process, exactly as `npm run worker` and
 * `npm run api` run it (node --import tsx main/<role>.ts), configured only through the environment.
 */
export class EngineProcess {
  private process: ProcessGroup | undefined;

  constructor(
    readonly name: string,
    private readonly role: 'worker' | 'api',
    private readonly env: Record<string, string>,
  ) {}

  async start(): Promise<void> {
    this.process = new ProcessGroup(this.name, process.execPath, ['--import', 'tsx', `main/${this.role}.ts`], {
      cwd: repoRoot,
      env: { ...process.env, ...this.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    });
    const marker = this.role === 'api' ? 'API listening on' : 'worker polling';
    await this.process.waitFor(`"${marker}"`, async () => this.log.includes(marker), 120_000);
  }

  get log(): string {
    return this.process?.log ?? '';
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  async kill(): Promise<void> {
    await this.process?.kill();
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }
}
