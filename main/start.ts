// The whole engine in one process on embedded defaults: Temporal dev server, PGlite, a local
// mail catcher, the worker and the API. Each embedded part is replaced by its real counterpart
// when its setting is given (TEMPORAL_ADDRESS, DATABASE_URL, SMTP_HOST).
import { createActivities } from '../activities';
import { systemClock } from '../domain/clock';
import { MailCatcher } from '../mail/capture-server';
import { createMailer } from '../mail/mailer';
import { connectClient, connectWorker } from '../temporal/connect';
import { ensureDigestWorkflow } from '../temporal/digests';
import { backfillReviewCyclesInBackground } from '../temporal/review-cycles-backfill';
import { startDevServer } from '../temporal/dev-server';
import { installTemporalRuntime } from '../temporal/runtime';
import { createWorker } from '../temporal/worker';
import { bootstrapAdminIfEmpty } from './bootstrap-admin';
import { registerSearchAttributes } from './register-search-attributes';
import { loadConfigOrExit } from './fail-on-bad-config';
import { createLogger } from './logger';
import { openDatabase } from './open-database';
import { serveApi } from './serve-api';
import { Shutdown } from './shutdown';

/** A shell command that works as printed: POST /people/{id}/tokens takes a label. */
function newTokenCommand(apiUrl: string, admin: { personId: string; token: string }): string {
  return `curl -sS -X POST -H 'authorization: Bearer ${admin.token}' -H 'content-type: application/json' -d '{"label":"my script"}' ${apiUrl}/people/${admin.personId}/tokens`;
}

async function main(): Promise<void> {
  const { config, secrets } = loadConfigOrExit('all-in-one');
  const log = createLogger(config.logLevel);
  const shutdown = new Shutdown(log);
  shutdown.onSignals();
  installTemporalRuntime(log);
  const progress = (message: string) => log.info(message);

  try {
    let temporalAddress = config.temporal.address;
    let temporalUi = 'the UI of your Temporal cluster';
    if (!temporalAddress) {
      progress(`starting the Temporal dev server (state in ${config.temporal.devServer.dbFile})`);
      const devServer = await startDevServer({ ...config.temporal.devServer, namespace: config.temporal.namespace });
      shutdown.add('Temporal dev server', () => devServer.stop());
      temporalAddress = devServer.address;
      temporalUi = devServer.uiUrl;
    }

    let mailWhere = `SMTP relay ${config.mail.kind === 'smtp' ? `${config.mail.host}:${config.mail.port}` : ''}`;
    if (config.mail.kind === 'capture') {
      const catcher = new MailCatcher({ port: config.mail.port, dir: config.mail.dir });
      await catcher.start();
      shutdown.add('mail catcher', () => catcher.stop());
      mailWhere = `captured as .eml files in ${config.mail.dir}`;
    }

    progress(config.database.kind === 'pglite' ? `opening the embedded database in ${config.database.dir}` : 'connecting to PostgreSQL');
    const database = await openDatabase(config, secrets, 'the engine (npm start)');
    shutdown.add('database', () => database.close());
    if (database.migrated.length > 0) progress(`applied migrations: ${database.migrated.join(', ')}`);

    const mailer = createMailer(config.mail, secrets);
    shutdown.add('mailer', () => mailer.close());

    const temporalSettings = { ...config.temporal, address: temporalAddress };
    const client = await connectClient(temporalSettings, secrets);
    shutdown.add('Temporal client', () => client.connection.close());
    if (config.temporal.searchAttributes) await registerSearchAttributes(client, config.temporal.namespace, log);
    const workerConnection = await connectWorker(temporalSettings, secrets);
    shutdown.add('worker connection', () => workerConnection.close());

    progress('bundling workflows and starting the worker');
    const worker = await createWorker({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      cacheSize: config.temporal.workerCacheSize,
      activities: createActivities({ db: database.db, mailer, clock: systemClock, publicBaseUrl: config.api.publicBaseUrl, temporal: client.workflow }),
    });
    if (config.digests) await ensureDigestWorkflow(client.workflow, config.temporal.taskQueue);
    const workerDone = worker.run();
    backfillReviewCyclesInBackground(database.db, client.workflow, log);
    shutdown.add('worker', async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone;
    });

    const api = await serveApi({ config, db: database.db, temporal: client, clock: systemClock, log });
    shutdown.add('API', () => api.close());

    const admin = await bootstrapAdminIfEmpty(database.db, Intl.DateTimeFormat().resolvedOptions().timeZone, systemClock.now());
    const lines = [
      '',
      'AIMS cycles engine is running.',
      `  API:          ${api.url}   (OpenAPI: ${api.url}/openapi.json)`,
      `  Web pages:    ${api.url}/ui/   (sign in with an API token)`,
      `  Temporal:     ${temporalAddress}   UI: ${temporalUi}`,
      `  Database:     ${config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dir}` : 'PostgreSQL (DATABASE_URL)'}`,
      `  Email:        ${mailWhere}`,
      ...(admin
        ? [
            `  First admin:  admin@localhost, token ${admin.token}`,
            '                (shown once: keep it; make another, e.g. for a script, with:)',
            `  ${newTokenCommand(api.url, admin)}`,
          ]
        : []),
      'Press Ctrl-C to stop; data is kept for the next start.',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    await workerDone;
  } catch (error) {
    log.fatal({ err: error }, `the engine could not start: ${error instanceof Error ? error.message : String(error)}`);
    await shutdown.run();
    process.exit(1);
  }
}

void main();
