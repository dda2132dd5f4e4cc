// The whole engine in one process on embedded defaults: Temporal dev server, PGlite, a local
// mail catcher, the worker and the API. Each embedded part is replaced by its real counterpart
// when its setting is given (TEMPORAL_ADDRESS, DATABASE_URL, SMTP_HOST).
//
// Only what the first steps need is imported statically: the dev server is spawned and the
// workflow bundle read (or built) before the rest of the engine's modules (about a second) are
// loaded, so those run side by side (BENCH-NOTES.md, session 10).
import { startDevServer } from '../temporal/dev-server';
import { engineWorkflowBundle } from '../temporal/workflow-bundle';
import { compactHeapAsConfigured } from './compact-heap';
import { loadConfigOrExit } from './fail-on-bad-config';
import { createLogger } from './logger';
import { Shutdown } from './shutdown';

/** The rest of the engine: a dynamic import, which the compiled bundle evaluates only when it is called. */
const loadEngine = async () => {
  const [{ createEngine }, { installTemporalRuntime }, { MailCatcher }, { bootstrapAdminIfEmpty }] = await Promise.all([
    import('./engine'),
    import('../temporal/runtime'),
    import('../mail/capture-server'),
    import('./bootstrap-admin'),
  ]);
  return { createEngine, installTemporalRuntime, MailCatcher, bootstrapAdminIfEmpty };
};

/** A shell command that works as printed: POST /people/{id}/tokens takes a label. */
function newTokenCommand(apiUrl: string, admin: { personId: string; token: string }): string {
  return `curl -sS -X POST -H 'authorization: Bearer ${admin.token}' -H 'content-type: application/json' -d '{"label":"my script"}' ${apiUrl}/people/${admin.personId}/tokens`;
}

async function main(): Promise<void> {
  const { config, secrets } = loadConfigOrExit('all-in-one');
  const log = createLogger(config);
  const shutdown = new Shutdown(log);
  shutdown.onSignals();
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
    // Read, or on a first start built in a child process, while the database opens or is created.
    const workflowBundle = engineWorkflowBundle(config.dataDir, (m) => log.warn(m));
    workflowBundle.catch(() => undefined);

    const { createEngine, installTemporalRuntime, MailCatcher, bootstrapAdminIfEmpty } = await loadEngine();
    installTemporalRuntime(log);

    let mailWhere = `SMTP relay ${config.mail.kind === 'smtp' ? `${config.mail.host}:${config.mail.port}` : ''}`;
    if (config.mail.kind === 'capture') {
      const catcher = new MailCatcher({ port: config.mail.port, dir: config.mail.dir });
      await catcher.start();
      shutdown.add('mail catcher', () => catcher.stop());
      mailWhere = `captured as .eml files in ${config.mail.dir}`;
    }

    const engine = await createEngine(config, secrets, { log, temporalAddress, holder: 'the engine (npm start)', progress, workflowBundle });
    temporalAddress = await temporalAddress;
    shutdown.add('engine', () => engine.close());
    // The HTTP application is built while the worker starts (its connection, its thread loading
    // the workflows); the API listens only once the worker stands, so /readyz still means that
    // both work.
    const [{ done: workerDone }, app] = await Promise.all([
      engine.startWorker(),
      new Promise<void>((resolve) => setImmediate(resolve)).then(() => engine.createHttpApp()),
    ]);
    const api = await engine.serveHttp(app);

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
