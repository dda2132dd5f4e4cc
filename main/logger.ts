import pino, { type Logger } from 'pino';
import type { Config } from '../config/config';

/** JSON lines for machines; a readable stream when a person is watching a terminal (unless LOG_FORMAT=json). */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  const pretty = process.stdout.isTTY && config.logFormat !== 'json';
  return pino({
    level: config.logLevel,
    base: undefined,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  });
}
