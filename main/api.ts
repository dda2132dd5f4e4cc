// Production API: Express over PostgreSQL and a Temporal client. Needs DATABASE_URL and TEMPORAL_ADDRESS.
import { systemClock } from '../domain/clock';
import { connectClient } from '../temporal/connect';
import { redactCredentials } from '../config/redact';
import { loadConfigOrExit } from './fail-on-bad-config';
import { createLogger } from './logger';
import { openDatabase } from './open-database';
import { serveApi } from './serve-api';
import { Shutdown } from './shutdown';

async function main(): Promise<void> {
  const { config, secrets } = loadConfigOrExit('api');
  const log = createLogger(config.logLevel);
  const shutdown = new Shutdown(log);
  shutdown.onSignals();
  const database = await openDatabase(config, secrets, 'the API');
  shutdown.add('database', () => database.close());
  const client = await connectClient({ ...config.temporal, address: config.temporal.address! }, secrets);
  shutdown.add('Temporal client', () => client.connection.close());
  const api = await serveApi({ config, db: database.db, temporal: client, clock: systemClock, log });
  shutdown.add('API', () => api.close());
  log.info(`API listening on ${api.url}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`API failed: ${redactCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  process.exit(1);
});
