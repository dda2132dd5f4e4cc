import { IANAZone } from 'luxon';
import { z } from 'zod';

/** How the process runs: everything in one process on embedded defaults, or one production role. */
export type RunMode = 'all-in-one' | 'worker' | 'api';

const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z.string().trim().min(1).optional();
const ROLE_NAMES = ['programme_manager', 'auditor', 'action_owner', 'management', 'admin'] as const;
/** `<count>/<window>`, the window in seconds, minutes or hours: `5/15m` is five per fifteen minutes. */
const rateLimit = z
  .string()
  .regex(/^[1-9]\d{0,5}\/[1-9]\d{0,4}[smh]$/, 'must be <count>/<window> such as 5/15m (window in s, m or h)')
  .transform((v) => {
    const [, count, size, unit] = /^(\d+)\/(\d+)([smh])$/.exec(v)!;
    return { max: Number(count), windowMs: Number(size) * { s: 1000, m: 60_000, h: 3_600_000 }[unit as 's' | 'm' | 'h'] };
  });

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
  /**
   * The embedded PGlite's buffer cache (PostgreSQL's shared_buffers), MB. PostgreSQL's own
   * default, 128 MB, is reserved in PGlite's WebAssembly memory and made the engine about 300 MB
   * heavier at start on a small data folder; 16 MB holds a small organisation's working set.
   * Raise it for a large data folder on a machine with memory to spare.
   */
  PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(1).max(4096).default(16),

  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, for example 127.0.0.1:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('aims-cycles'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: flag.default(false),
  /**
   * mTLS to a self-hosted cluster: the client certificate and key (PEM files, both or neither) the
   * engine presents, the CA that signed the server's certificate (else the system's roots), and
   * the name to check on the server's certificate when it differs from TEMPORAL_ADDRESS's host.
   */
  TEMPORAL_TLS_CERT_PATH: optionalText,
  TEMPORAL_TLS_KEY_PATH: optionalText,
  TEMPORAL_TLS_CA_PATH: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: optionalText,
  /** The time-skipping test server (tests only); defaults to the cached binary. */
  TEMPORAL_TEST_SERVER_PATH: optionalText,
  /** Keep certification status and next due date as search attributes (off where the server cannot index them, e.g. the time-skipping test server). */
  TEMPORAL_SEARCH_ATTRIBUTES: flag.default(true),
  /**
   * Workflows a worker keeps in memory between tasks; 0 turns sticky execution off. The SDK's own
   * default is sized from the heap (about 2,300 here) and fills with workflows that wait for
   * months; 250 holds every workflow busy at once on a small machine, and the others replay
   * from history when they wake.
   */
  TEMPORAL_WORKER_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).default(250),

  /** Weekly digests and monthly overdue reports: a worker starts the one digest workflow unless this is false. */
  DIGESTS: flag.default(true),
  /**
   * One memory-reducing garbage collection once the engine stands (main/compact-heap.ts): start-up
   * garbage otherwise keeps ~150 MB of heap resident until V8 finds the process idle.
   */
  COMPACT_HEAP_AFTER_START: flag.default(true),
  /**
   * How often the process checks whether it is idle with heap to hand back, and then compacts it
   * (main/compact-heap.ts); 0 turns it off. The first interval that is idle throughout ends at most
   * two intervals after a burst: with 30 s the heap sometimes came back only a minute after it.
   */
  COMPACT_HEAP_WHEN_IDLE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(10),
  SMTP_HOST: optionalText,
  SMTP_PORT: port.default(587),
  SMTP_SECURE: flag.default(false),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  MAIL_FROM: z.string().min(3).default('AIMS cycles <aims@localhost>'),
  MAIL_CAPTURE_PORT: port.default(1025),

  /** Web sessions end after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(240),
  /** …and after this long in any case. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** How long an emailed sign-in link works. */
  SIGN_IN_LINK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** The largest evidence file accepted, in bytes (20 MiB by default); a larger upload is refused with 413. */
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  /**
   * Where evidence bytes are kept: `postgres` (the embedded default: bytea beside the metadata)
   * or `s3` (any S3-compatible object store; the metadata stays in PostgreSQL).
   */
  EVIDENCE_STORE: z.enum(['postgres', 's3']).default('postgres'),
  /** The S3 endpoint (MinIO, Ceph, R2, …); unset: AWS's own endpoint for the region. */
  EVIDENCE_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  EVIDENCE_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)')
    .optional(),
  EVIDENCE_S3_REGION: z.string().min(1).default('us-east-1'),
  /** Keys under this prefix (a bucket shared with other data); each object is `<prefix><aims id>/<file id>`. */
  EVIDENCE_S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or path segments each ending in /, such as evidence/')
    .default('evidence/'),
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO and most self-hosted stores need. */
  EVIDENCE_S3_FORCE_PATH_STYLE: flag.default(false),
  /** Both or neither; neither: the AWS SDK's own credential chain (instance or pod role). */
  EVIDENCE_S3_ACCESS_KEY_ID: optionalText,
  EVIDENCE_S3_SECRET_ACCESS_KEY: optionalText,
  /** An object with no metadata row older than this is a leftover of a crashed upload, and swept. */
  EVIDENCE_ORPHAN_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /**
   * How long a process keeps an AIMS's settings (policy, zone, working calendar) in memory. A
   * change through the API is seen at once by the process that made it and within this many
   * seconds by the others (separate worker processes); 0 reads them at every use.
   */
  AIMS_SETTINGS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  /** Who may sign in to the pages by pasting an API token: the fallback for admins, everyone, or nobody. */
  WEB_TOKEN_SIGN_IN: z.enum(['admins', 'everyone', 'off']).default('admins'),
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: rateLimit.prefault('5/15m'),
  RATE_LIMIT_SIGN_IN_PER_CLIENT: rateLimit.prefault('30/15m'),
  RATE_LIMIT_LINK_REDEMPTION_PER_CLIENT: rateLimit.prefault('30/15m'),
  /** Only failures count: a client's valid tokens are never throttled. */
  RATE_LIMIT_BAD_TOKENS_PER_CLIENT: rateLimit.prefault('20/1m'),

  /** Single sign-on through OpenID Connect: off unless the issuer is set. */
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  /** Comma-separated email domains whose people may sign in this way; unset: any domain. */
  OIDC_ALLOWED_DOMAINS: z
    .string()
    .regex(/^[a-z0-9.-]+(\s*,\s*[a-z0-9.-]+)*$/i, 'must be email domains separated by commas, such as example.org,example.com')
    .transform((v) => v.split(',').map((d) => d.trim().toLowerCase()))
    .optional(),
  /** Whether a verified email unknown to the engine creates a person (just in time) instead of being refused. */
  OIDC_JIT_CREATE: flag.default(false),
  OIDC_JIT_ROLE: z.enum(ROLE_NAMES).default('action_owner'),
  OIDC_JIT_TIME_ZONE: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone such as Europe/Berlin')
    .default('UTC'),
  /** The button's wording on the sign-in page. */
  OIDC_LABEL: z.string().min(1).max(60).default('single sign-on'),
});

export type Env = z.infer<typeof envSchema>;

/** The variables that locate the Temporal binaries: test tools read these alone. */
export const binariesEnvSchema = envSchema.pick({
  AIMS_CACHE_DIR: true,
  XDG_CACHE_HOME: true,
  TEMPORAL_CLI_PATH: true,
  TEMPORAL_TEST_SERVER_PATH: true,
});
