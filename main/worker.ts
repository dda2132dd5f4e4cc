// Production worker: polls the task queue with the product's workflows and activities.
// Needs DATABASE_URL and TEMPORAL_ADDRESS; scale it by running more of these.
import { installTemporalRuntime } from '../temporal/runtime';
import { createEngine } from './engine';
import { redactCredentials } from '../config/redact';
import { loadConfigOrExit } from './fail-on-bad-config';
import { createLogger } from './logger';
import { Shutdown } from './shutdown';
import { compactHeapAsConfigured } from './compact-heap';

async function main(): Promise<void> {
  const { config, secrets } = loadConfigOrExit('worker');
  const log = createLogger(config);
  const shutdown = new Shutdown(log);
  shutdown.onSignals();
  installTemporalRuntime(log);
  const engine = await createEngine(config, secrets, { log, holder: 'a worker' });
  shutdown.add('engine', () => engine.close());
  const { done } = await engine.startWorker();
  compactHeapAsConfigured(config);
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker polling');
  await done;
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${redactCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  process.exit(1);
});
