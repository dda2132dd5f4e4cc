// Production worker: polls the task queue with the product's workflows and activities.
// Needs DATABASE_URL and TEMPORAL_ADDRESS; scale it by running more of these.
import { createActivities } from '../activities';
import { systemClock } from '../domain/clock';
import { createMailer } from '../mail/mailer';
import { connectClient, connectWorker } from '../temporal/connect';
import { ensureDigestWorkflow } from '../temporal/digests';
import { backfillReviewCyclesInBackground } from '../temporal/review-cycles-backfill';
import { registerSearchAttributes } from './register-search-attributes';
import { installTemporalRuntime } from '../temporal/runtime';
import { createWorker } from '../temporal/worker';
import { redactCredentials } from '../config/redact';
import { loadConfigOrExit } from './fail-on-bad-config';
import { createLogger } from './logger';
import { openDatabase } from './open-database';
import { Shutdown } from './shutdown';

async function main(): Promise<void> {
  const { config, secrets } = loadConfigOrExit('worker');
  const log = createLogger(config.logLevel);
  const shutdown = new Shutdown(log);
  shutdown.onSignals();
  installTemporalRuntime(log);
  const database = await openDatabase(config, secrets, 'a worker');
  const mailer = createMailer(config.mail, secrets);
  const connection = await connectWorker({ ...config.temporal, address: config.temporal.address! }, secrets);
  const client = await connectClient({ ...config.temporal, address: config.temporal.address! }, secrets);
  if (config.temporal.searchAttributes) await registerSearchAttributes(client, config.temporal.namespace, log);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    cacheSize: config.temporal.workerCacheSize,
    activities: createActivities({ db: database.db, mailer, clock: systemClock, publicBaseUrl: config.api.publicBaseUrl, temporal: client.workflow }),
  });
  // The digest workflow is a singleton: whichever worker starts first starts it.
  if (config.digests) await ensureDigestWorkflow(client.workflow, config.temporal.taskQueue);
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker polling');
  shutdown.add('database', () => database.close());
  shutdown.add('mailer', () => mailer.close());
  shutdown.add('worker connection', () => connection.close());
  shutdown.add('Temporal client', () => client.connection.close());
  const running = worker.run();
  backfillReviewCyclesInBackground(database.db, client.workflow, log);
  shutdown.add('worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
  await running;
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${redactCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  process.exit(1);
});
