// The composition root: the one place that builds the engine's parts and wires them together.
// Entry points (start, worker, api), the test harness and the benchmarks all come through here,
// so a new dependency of the activities or the API is added once.
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import { startEmailOutboxSender, type EmailOutboxSender } from '../activities/outbox/email-outbox-sender';
import { backfillReviewCyclesInBackground } from './review-cycles-backfill';
import { reconcileReadinessSnapshotsInBackground } from './readiness-snapshots-reconcile';
import { createApp } from '../api/app';
import type { ApiContext } from '../api/api-context';
import type { Config, Secrets } from '../config/config';
import type { Db } from '../db/database';
import { maintainPgliteInBackground } from '../db/pglite-maintenance';
import { systemClock, type Clock } from '../domain/clock';
import { createMailer, type Mailer } from '../mail/mailer';
import { postgresEvidenceStore } from '../services/evidence-store';
import { sweepOrphanEvidenceInBackground } from './evidence-orphan-sweep';
import { connectClient, connectWorker } from '../temporal/connect';
import { ensureDigestWorkflow } from '../temporal/digests';
import { createWorker } from '../temporal/worker';
import { webFront } from '../web/router';
import { listen } from './listen';
import { createLogger } from './logger';
import { openDatabase } from './open-database';
import { registerSearchAttributes } from './register-search-attributes';
import { createAimsSettingsCache } from '../services/aims-settings-cache';
import { engineWorkflowBundle } from '../temporal/workflow-bundle';

/**
 * Parts a caller brings instead of the ones the config describes. What the caller brings, the
 * caller closes: the engine closes only what it opened itself.
 */
export interface EngineOverrides {
  log?: Logger;
  /** Tests follow the time-skipping server's clock. */
  clock?: Clock;
  /** An open, migrated database (tests: a fresh one per file). */
  db?: Db;
  mailer?: Mailer;
  /** A Temporal client, and the worker connection if a worker runs (tests and benchmarks: a TestWorkflowEnvironment's). */
  temporal?: { client: Client; nativeConnection?: NativeConnection };
  /**
   * Where to connect when `temporal` is not given and the config has no address: the dev server
   * `npm start` spawned. A promise lets the database open while that server is still starting.
   */
  temporalAddress?: string | Promise<string>;
  /** Who holds an embedded database, named to a second process that tries to open it. */
  holder?: string;
  /** Progress lines while parts start (the all-in-one start prints them). */
  progress?: (message: string) => void;
  /**
   * The workflow bundle, already being read or built (`npm start` starts it first thing, so a first
   * start bundles while the database is created); otherwise the worker reads or builds it.
   */
  workflowBundle?: Promise<{ code: string }>;
}

export interface Engine {
  readonly config: Config;
  readonly log: Logger;
  readonly clock: Clock;
  readonly db: Db;
  readonly client: Client;
  /** Migrations applied when the engine opened the database (none when it was given). */
  readonly migrated: readonly string[];
  /** The HTTP application: the web pages and the API side by side. */
  createHttpApp(): Express;
  /** Listens on config.api with `app` (one built beforehand, e.g. while the worker starts) or a new one; closed by close(). */
  serveHttp(app?: Express): Promise<{ server: Server; url: string }>;
  /**
   * Creates the worker over the product's workflows and activities and runs it; closed by close().
   * Returns the worker, and the process's email outbox sender that delivers what its saves queue.
   */
  startWorker(): Promise<{ worker: Worker; done: Promise<void>; outbox: EmailOutboxSender }>;
  /** Closes what the engine opened, newest first; every step runs, the first failure is thrown. */
  close(): Promise<void>;
}

export async function createEngine(config: Config, secrets: Secrets, overrides: EngineOverrides = {}): Promise<Engine> {
  const log = overrides.log ?? createLogger(config);
  const clock = overrides.clock ?? systemClock;
  const progress = overrides.progress ?? (() => {});
  const closers: { name: string; run: () => Promise<void> | void }[] = [];
  const close = async (): Promise<void> => {
    let first: unknown;
    for (const step of closers.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        log.error({ err: error }, `closing the ${step.name} failed`);
        first ??= error;
      }
    }
    if (first !== undefined) throw first;
  };

  try {
    let db = overrides.db;
    let migrated: string[] = [];
    if (!db) {
      progress(config.database.kind === 'pglite' ? `opening the embedded database in ${config.database.dir}` : 'connecting to PostgreSQL');
      const database = await openDatabase(config, secrets, overrides.holder ?? `the engine (${config.mode})`);
      closers.push({ name: 'database', run: () => database.close() });
      // The embedded database has no autovacuum: the engine that opened it stands in.
      if (config.database.kind === 'pglite') closers.push({ name: 'embedded database maintenance', run: maintainPgliteInBackground(database.db, log) });
      db = database.db;
      migrated = database.migrated;
      if (migrated.length > 0) progress(`applied migrations: ${migrated.join(', ')}`);
    }

    const address = (await overrides.temporalAddress) ?? config.temporal.address;
    const temporalSettings = () => {
      if (!address) throw new Error('no Temporal address: set TEMPORAL_ADDRESS, or start the dev server first');
      return { ...config.temporal, address };
    };
    let client = overrides.temporal?.client;
    if (!client) {
      const connected = await connectClient(temporalSettings(), secrets);
      closers.push({ name: 'Temporal client', run: () => connected.connection.close() });
      client = connected;
    }
    // One mailer for the worker's notifications and the API's sign-in links.
    let mailer = overrides.mailer;
    if (!mailer) {
      const created = createMailer(config.mail, secrets);
      closers.push({ name: 'mailer', run: () => created.close() });
      mailer = created;
    }
    const storeSettings = config.evidence.store;
    // The S3 client (the AWS SDK, ~20 MB resident) is loaded only when the store is S3.
    const s3 = storeSettings.kind === 's3' ? (await import('../services/s3-evidence-store')).createS3EvidenceStore(storeSettings, secrets, log) : undefined;
    if (s3) closers.push({ name: 'evidence store', run: () => s3.close() });
    const evidenceStore = s3 ?? postgresEvidenceStore;
    // One per process, shared by the API and the worker: the API forgets the settings it changes.
    const aimsSettings = createAimsSettingsCache({ ttlMs: config.aimsSettingsCacheMs });
    const ctx: ApiContext = { config, secrets, db, temporal: client, clock, log, mailer, evidenceStore, aimsSettings };

    const createHttpApp = (): Express => createApp(ctx, [webFront(ctx)]);

    return {
      config,
      log,
      clock,
      db,
      client,
      migrated,
      createHttpApp,
      async serveHttp(app = createHttpApp()) {
        const http = await listen(app, config.api);
        closers.push({ name: 'API', run: () => http.close() });
        return { server: http.server, url: http.url };
      },
      async startWorker() {
        let connection = overrides.temporal?.nativeConnection;
        if (overrides.temporal && !connection) throw new Error('a worker needs the worker connection of the Temporal environment it was given');
        if (!connection) {
          // A namespace given to the engine registers its own attributes (the test servers do).
          // Both before the worker runs, and each independent of the other.
          const [, opened] = await Promise.all([
            config.temporal.searchAttributes ? registerSearchAttributes(ctx.temporal, config.temporal.namespace, log) : undefined,
            connectWorker(temporalSettings(), secrets).then((opened) => {
              closers.push({ name: 'worker connection', run: () => opened.close() });
              return opened;
            }),
          ]);
          connection = opened;
        }
        // Started before the worker and stopped after it: the worker's last saves are delivered.
        const outbox = startEmailOutboxSender({ db: ctx.db, mailer, clock, publicBaseUrl: config.api.publicBaseUrl, log });
        closers.push({ name: 'email outbox sender', run: () => outbox.stop() });
        progress('bundling workflows and starting the worker');
        const creating = createWorker({
          connection,
          namespace: ctx.temporal.options.namespace,
          taskQueue: config.temporal.taskQueue,
          cacheSize: config.temporal.workerCacheSize,
          workflowBundle: await (overrides.workflowBundle ?? engineWorkflowBundle(config.dataDir, (m) => log.warn(m))),
          activities: createActivities({
            db: ctx.db,
            mailer,
            clock,
            publicBaseUrl: config.api.publicBaseUrl,
            temporal: ctx.temporal.workflow,
            aimsSettings,
            searchAttributes: config.temporal.searchAttributes,
            evidenceStore,
            outbox,
          }),
        });
        // The digest workflow is a singleton: whichever worker starts first starts it. Started while
        // the worker is created (its first task waits in the queue for a worker); both must succeed.
        const digest = config.digests ? ensureDigestWorkflow(ctx.temporal.workflow, config.temporal.taskQueue) : undefined;
        const [worker] = await Promise.all([creating, digest]);
        const done = worker.run();
        // Review cycles started before review_cycles existed get their row from their running workflow.
        backfillReviewCyclesInBackground(ctx.db, ctx.temporal.workflow, log);
        // Every AIMS keeps monthly readiness figures, including those set up before they existed.
        const reconciled = reconcileReadinessSnapshotsInBackground(
          ctx.db,
          ctx.temporal.workflow,
          { taskQueue: config.temporal.taskQueue, searchAttributes: config.temporal.searchAttributes },
          log,
        );
        closers.push({ name: 'readiness reconciliation', run: () => reconciled });
        // Objects an upload put but never committed a row for (S3 only).
        if (s3 && storeSettings.kind === 's3') {
          const stopSweep = sweepOrphanEvidenceInBackground(ctx.db, s3, storeSettings.orphanAfterMs, log);
          closers.push({ name: 'evidence orphan sweep', run: stopSweep });
        }
        closers.push({
          name: 'worker',
          run: async () => {
            if (worker.getState() === 'RUNNING') worker.shutdown();
            await done;
          },
        });
        return { worker, done, outbox };
      },
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
