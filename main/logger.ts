import pino, { type Logger } from 'pino';
import type { Config } from '../config/config';
import { redactDeep } from '../config/redact';

/**
 * JSON lines for machines; a readable stream when a person is watching a terminal (unless
 * LOG_FORMAT=json). `destination` is for tests.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, destination?: pino.DestinationStream): Logger {
  const pretty = !destination && process.stdout.isTTY && config.logFormat !== 'json';
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: undefined,
    // No password of a connection string reaches a log line, whether in the message, a field or an error.
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => redactDeep(arg)) as Parameters<typeof method>);
      },
    },
    serializers: { err: (error: Error) => redactDeep(pino.stdSerializers.errWithCause(error)) },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}
