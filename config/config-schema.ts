import { z } from 'zod';

/** How the process runs: everything in one process on embedded defaults, or one production role. */
export type RunMode = 'all-in-one' | 'worker' | 'api';

const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z.string().trim().min(1).optional();

/**
 * Every environment variable the engine reads, with its default. Names are the variables
 * themselves so that a validation message names exactly what the operator has to fix.
 */
export const envSchema = z.object({
  AIMS_DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `auto`: readable lines when a person watches a terminal, JSON lines otherwise; `json`: always JSON lines. */
  LOG_FORMAT: z.enum(['auto', 'json']).default('auto'),
  /** Where `npm run setup` caches the Temporal binaries (as scripts/lib.sh computes it). */
  AIMS_CACHE_DIR: optionalText,
  XDG_CACHE_HOME: optionalText,

  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Whether each route's answer is checked against its response schema before it is sent:
   * `strict` refuses a drifting answer with a 500 naming each field (tests), `log` logs it and
   * sends it, `off` checks nothing (the handlers' types are checked at compile time already).
   */
  API_RESPONSE_CHECK: z.enum(['off', 'log', 'strict']).default('off'),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),

  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, for example 127.0.0.1:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('aims-cycles'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: optionalText,
  /** The time-skipping test server (tests only); defaults to the cached binary. */
  TEMPORAL_TEST_SERVER_PATH: optionalText,
  /** Keep certification status and next due date as search attributes (off where the server cannot index them, e.g. the time-skipping test server). */
  TEMPORAL_SEARCH_ATTRIBUTES: flag.default(true),
  /** Workflows a worker keeps in memory between tasks (the SDK's default when unset); 0 turns sticky execution off. */
  TEMPORAL_WORKER_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).optional(),

  /** Weekly digests and monthly overdue reports: a worker starts the one digest workflow unless this is false. */
  DIGESTS: flag.default(true),
  SMTP_HOST: optionalText,
  SMTP_PORT: port.default(587),
  SMTP_SECURE: flag.default(false),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  MAIL_FROM: z.string().min(3).default('AIMS cycles <aims@localhost>'),
  MAIL_CAPTURE_PORT: port.default(1025),
});

export type Env = z.infer<typeof envSchema>;

/** The variables that locate the Temporal binaries: test tools read these alone. */
export const binariesEnvSchema = envSchema.pick({
  AIMS_CACHE_DIR: true,
  XDG_CACHE_HOME: true,
  TEMPORAL_CLI_PATH: true,
  TEMPORAL_TEST_SERVER_PATH: true,
});
