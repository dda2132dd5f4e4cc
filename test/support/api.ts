import type { Client } from '@temporalio/client';
import pino from 'pino';
import type { Config } from '../../config/config';
import { loadConfig } from '../../config/load-config';
import type { Db } from '../../db/database';
import { systemClock, type Clock } from '../../domain/clock';
import { createEngine, type Engine, type EngineOverrides } from '../../main/engine';

/** Where links in the tests' emails and feeds point. */
export const PUBLIC_BASE_URL = 'http://aims.test';

/**
 * The engine as tests build it: the composition root over the test's database, Temporal
 * environment and clock, on an ephemeral loopback port, logging nothing.
 */
export async function testEngine(
  overrides: EngineOverrides & Required<Pick<EngineOverrides, 'db' | 'temporal'>>,
  /** Off by default: the time-skipping server keeps no search attributes. */
  searchAttributes = false,
  /** Settings a test wants otherwise (tight rate limits, single sign-on). */
  env: Record<string, string> = {},
): Promise<Engine> {
  const { config, secrets } = loadConfig(
    {
      API_PORT: '1',
      AIMS_DATA_DIR: '/tmp/aims-test',
      PUBLIC_BASE_URL,
      // Every answer the suites provoke is checked against its route's response schema.
      API_RESPONSE_CHECK: 'strict',
      TEMPORAL_SEARCH_ATTRIBUTES: String(searchAttributes),
      // The tests that need the digest workflow start it themselves.
      DIGESTS: 'false',
      // Browser tests sign people of every role in by pasting their token (the admins' fallback in production).
      WEB_TOKEN_SIGN_IN: 'everyone',
      // The auth suites send hundreds of wrong tokens from 127.0.0.1 on purpose; the limiter has its own test.
      RATE_LIMIT_BAD_TOKENS_PER_CLIENT: '100000/1m',
      ...env,
    },
    'all-in-one',
  );
  const ephemeral: Config = { ...config, api: { ...config.api, port: 0 } };
  return createEngine(ephemeral, secrets, { log: pino({ level: 'silent' }), ...overrides });
}

/** The real API (and pages) on an ephemeral loopback port, over the given database and Temporal environment. */
export async function startApi(
  db: Db,
  client: Client,
  clock: Clock = systemClock,
  searchAttributes = false,
): Promise<{ url: string; config: Config; close(): Promise<void> }> {
  const engine = await testEngine({ db, temporal: { client }, clock }, searchAttributes);
  const { url } = await engine.serveHttp();
  return { url, config: engine.config, close: () => engine.close() };
}
