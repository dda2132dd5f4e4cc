// Production API: Express over PostgreSQL and a Temporal client. Needs DATABASE_URL and TEMPORAL_ADDRESS.
import { createEngine } from './engine';
import { redactCredentials } from '../config/redact';
import { loadConfigOrExit } from './fail-on-bad-config';
import { createLogger } from './logger';
import { Shutdown } from './shutdown';
import { compactHeapAsConfigured } from './compact-heap';

async function main(): Promise<void> {
  const { config, secrets } = loadConfigOrExit('api');
  const log = createLogger(config);
  const shutdown = new Shutdown(log);
  shutdown.onSignals();
  const engine = await createEngine(config, secrets, { log, holder: 'the API' });
  shutdown.add('engine', () => engine.close());
  const api = await engine.serveHttp();
  compactHeapAsConfigured(config);
  log.info(`API listening on ${api.url}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`API failed: ${redactCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  process.exit(1);
});
