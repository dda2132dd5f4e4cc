import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Db } from '../db/database';
import type { Clock } from '../domain/clock';

/** What route handlers may use. Built once in the composition root; tests swap single parts. */
export interface ApiContext {
  config: Config;
  db: Db;
  temporal: Client;
  clock: Clock;
  log: Logger;
}
