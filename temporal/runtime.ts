import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Routes the SDK's logs into our logger (warnings and up: its info lines are the bundler's
 * statistics) and leaves SIGINT/SIGTERM to our own shutdown, so one place decides the order in
 * which things close. Call once per process, before any worker is created.
 */
export function installTemporalRuntime(log: Logger): void {
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('WARN', (entry) => {
      log[PINO_LEVEL[entry.level]]({ ...entry.meta, source: 'temporal-sdk' }, entry.message);
    }),
  });
}
