import type { Client } from '@temporalio/client';
import pino from 'pino';
import type { Config } from '../../config/config';
import { loadConfig } from '../../config/load-config';
import type { Db } from '../../db/database';
import { systemClock, type Clock } from '../../domain/clock';
import { serveApi } from '../../main/serve-api';

/** The real API on an ephemeral loopback port, over the given database and Temporal client. */
export async function startApi(
  db: Db,
  temporal: Client,
  clock: Clock = systemClock,
  /** Off by default: the time-skipping server keeps no search attributes. */
  searchAttributes = false,
): Promise<{ url: string; config: Config; close(): Promise<void> }> {
  const { config } = loadConfig({ API_PORT: '1', AIMS_DATA_DIR: '/tmp/aims-test', TEMPORAL_SEARCH_ATTRIBUTES: String(searchAttributes) }, 'all-in-one');
  const ephemeral = { ...config, api: { ...config.api, port: 0 } };
  const api = await serveApi({ config: ephemeral, db, temporal, clock, log: pino({ level: 'silent' }) });
  return { url: api.url, config: ephemeral, close: api.close };
}
