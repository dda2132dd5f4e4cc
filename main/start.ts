// The whole engine in one process on embedded defaults: Temporal dev server, PGlite, a local
// mail catcher, the worker and the API. Each embedded part is replaced by its real counterpart
// when its setting is given (TEMPORAL_ADDRESS, DATABASE_URL, SMTP_HOST).
import { MailCatcher } from '../mail/capture-server';
import { startDevServer } from '../temporal/dev-server';
import { installTemporalRuntime } from '../temporal/runtime';
import { bootstrapAdminIfEmpty } from './bootstrap-admin';
import { compactHeapAsConfigured } from './compact-heap';
import { createEngine } from './engine';
import { loadConfigOrExit } from './fail-on-bad-config';
import { createLogger } from './logger';
import { Shutdown } from './shutdown';

/** A shell command that works as printed: POST /people/{id}/tokens takes a label. */
function newTokenCommand(apiUrl: string, admin: { personId: string; token: string }): string {
  return `curl -sS -X POST -H 'authorization: Bearer ${admin.token}' -H 'content-type: application/json' -d '{"label":"my script"}' ${apiUrl}/people/${admin.personId}/tokens`;
}

async function main(): Promise<void> {
  const { config, secrets } = loadConfigOrExit('all-in-one');
  const log = createLogger(config);
  const shutdown = new Shutdown(log);
  shutdown.onSignals();
  installTemporalRuntime(log);
  const progress = (message: string) => log.info(message);
  let devServerStarting: Promise<unknown> | undefined;

  try {
    // The embedded servers stand in for a Temporal cluster and an SMTP relay; the engine then
    // connects to them as it would to the real ones. The dev server starts while the engine
    // opens its database (and the mail catcher starts), the two longest steps side by side.
    let temporalAddress: string | Promise<string> | undefined = config.temporal.address;
    let temporalUi = 'the UI of your Temporal cluster';
    if (!temporalAddress) {
      progress(`starting the Temporal dev server (state in ${config.temporal.devServer.dbFile})`);
      const starting = startDevServer({ ...config.temporal.devServer, namespace: config.temporal.namespace, binaries: config.temporal.binaries }).then(
        (devServer) => {
          shutdown.add('Temporal dev server', () => devServer.stop());
          temporalUi = devServer.uiUrl;
          return devServer.address;
        },
      );
      // Handled here too: a dev server that fails while the database opens is reported by the
      // engine's await, not by Node as an unhandled rejection that ends the process first.
      starting.catch(() => undefined);
      devServerStarting = starting;
      temporalAddress = starting;
    }

    let mailWhere = `SMTP relay ${config.mail.kind === 'smtp' ? `${config.mail.host}:${config.mail.port}` : ''}`;
    if (config.mail.kind === 'capture') {
      const catcher = new MailCatcher({ port: config.mail.port, dir: config.mail.dir });
      await catcher.start();
      shutdown.add('mail catcher', () => catcher.stop());
      mailWhere = `captured as .eml files in ${config.mail.dir}`;
    }

    const engine = await createEngine(config, secrets, { log, temporalAddress, holder: 'the engine (npm start)', progress });
    temporalAddress = await temporalAddress;
    shutdown.add('engine', () => engine.close());
    const { done: workerDone } = await engine.startWorker();
    const api = await engine.serveHttp();

    const admin = await bootstrapAdminIfEmpty(engine.db, Intl.DateTimeFormat().resolvedOptions().timeZone, engine.clock.now());
    compactHeapAsConfigured(config);
    const lines = [
      '',
      'AIMS cycles engine is running.',
      `  API:          ${api.url}   (OpenAPI: ${api.url}/openapi.json)`,
      `  Web pages:    ${api.url}/ui/   (sign in by email link; admins may paste their token)`,
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
    // A dev server still starting is stopped with the rest once it is up.
    await devServerStarting?.catch(() => undefined);
    await shutdown.run();
    process.exit(1);
  }
}

void main();
