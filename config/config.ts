import os from 'node:os';
import path from 'node:path';
import type { Env, RunMode } from './config-schema';

/** The engine's settings, read once at start and frozen. Secrets sit apart from settings. */
export interface Config {
  readonly mode: RunMode;
  readonly dataDir: string;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly logFormat: Env['LOG_FORMAT'];
  readonly api: { readonly host: string; readonly port: number; readonly publicBaseUrl: string; readonly responseCheck: Env['API_RESPONSE_CHECK'] };
  readonly database:
    { readonly kind: 'postgres'; readonly poolSize: number } | { readonly kind: 'pglite'; readonly dir: string; readonly sharedBuffersMb: number };
  readonly temporal: {
    /** Where to connect; undefined means: spawn the embedded dev server. */
    readonly address: string | undefined;
    readonly namespace: string;
    readonly taskQueue: string;
    readonly tls: boolean;
    /** PEM files for TLS beyond the system's roots (paths only: the key is read when connecting). */
    readonly tlsFiles: {
      /** The client certificate and key presented to a cluster that requires client authentication (mTLS). */
      readonly clientCert: { readonly certPath: string; readonly keyPath: string } | undefined;
      readonly caPath: string | undefined;
      readonly serverName: string | undefined;
    };
    readonly workerCacheSize: number;
    readonly searchAttributes: boolean;
    readonly devServer: {
      readonly port: number;
      readonly uiPort: number;
      readonly dbFile: string;
    };
    readonly binaries: TemporalBinaries;
  };
  /** Whether workers start the digest workflow (weekly digests, monthly overdue report). */
  readonly digests: boolean;
  /** Whether the process compacts its heap once it has started (main/compact-heap.ts). */
  readonly compactHeapAfterStart: boolean;
  /** How often an idle process with heap to hand back compacts it, ms (0: never). */
  readonly compactHeapWhenIdleMs: number;
  /** Evidence files: the largest accepted upload, and where the bytes are kept. */
  readonly evidence: { readonly maxBytes: number; readonly store: EvidenceStoreSettings };
  /** How long an AIMS's settings are kept in memory (0: read at every use). */
  readonly aimsSettingsCacheMs: number;
  readonly web: WebSettings;
  readonly mail:
    | { readonly kind: 'smtp'; readonly host: string; readonly port: number; readonly secure: boolean; readonly from: string }
    | { readonly kind: 'capture'; readonly port: number; readonly dir: string; readonly from: string };
}

/** Where evidence bytes live; S3's credentials are in `Secrets`. */
export type EvidenceStoreSettings =
  | { readonly kind: 'postgres' }
  | {
      readonly kind: 's3';
      readonly endpoint: string | undefined;
      readonly bucket: string;
      readonly region: string;
      readonly prefix: string;
      readonly forcePathStyle: boolean;
      readonly orphanAfterMs: number;
    };

export interface RateLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** Signing in to the pages: sessions, emailed links, the token fallback, rate limits, single sign-on. */
export interface WebSettings {
  readonly session: { readonly idleMs: number; readonly absoluteMs: number };
  readonly signInLinkMs: number;
  readonly tokenSignIn: 'admins' | 'everyone' | 'off';
  readonly rateLimits: {
    readonly signInPerAddress: RateLimit;
    readonly signInPerClient: RateLimit;
    readonly linkRedemptionPerClient: RateLimit;
    readonly badTokensPerClient: RateLimit;
  };
  /** Undefined when single sign-on is off (no issuer). The client secret is in `Secrets`. */
  readonly oidc:
    | {
        readonly issuer: string;
        readonly clientId: string;
        readonly allowedDomains: readonly string[] | undefined;
        readonly jit: { readonly create: boolean; readonly role: Env['OIDC_JIT_ROLE']; readonly timeZone: string };
        readonly label: string;
      }
    | undefined;
}

/** Where the Temporal CLI (dev server) and the time-skipping test server are; checked when used. */
export interface TemporalBinaries {
  readonly cli: string;
  readonly testServer: string;
}

export interface Secrets {
  readonly databaseUrl: string | undefined;
  readonly temporalApiKey: string | undefined;
  readonly smtpUser: string | undefined;
  readonly smtpPassword: string | undefined;
  readonly oidcClientSecret: string | undefined;
  readonly s3Credentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
}

/**
 * The URL of an API listening on host:port, as a browser on this machine reaches it: a wildcard
 * address (all interfaces) is reached on loopback, an IPv6 literal goes in brackets.
 */
export function listenUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export function envToConfig(env: Env, mode: RunMode): { config: Config; secrets: Secrets } {
  const dataDir = path.resolve(env.AIMS_DATA_DIR);
  const config: Config = {
    mode,
    dataDir,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      // Unset, links in emails and feeds point where the API listens, as the start banner prints it.
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? listenUrl(env.API_HOST, env.API_PORT)).replace(/\/$/, ''),
      responseCheck: env.API_RESPONSE_CHECK,
    },
    database: env.DATABASE_URL
      ? { kind: 'postgres', poolSize: env.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dir: path.join(dataDir, 'pglite'), sharedBuffersMb: env.PGLITE_SHARED_BUFFERS_MB },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      tls: env.TEMPORAL_TLS || env.TEMPORAL_API_KEY !== undefined || [env.TEMPORAL_TLS_CERT_PATH, env.TEMPORAL_TLS_CA_PATH].some(Boolean),
      tlsFiles: {
        clientCert:
          env.TEMPORAL_TLS_CERT_PATH && env.TEMPORAL_TLS_KEY_PATH ? { certPath: env.TEMPORAL_TLS_CERT_PATH, keyPath: env.TEMPORAL_TLS_KEY_PATH } : undefined,
        caPath: env.TEMPORAL_TLS_CA_PATH,
        serverName: env.TEMPORAL_TLS_SERVER_NAME,
      },
      workerCacheSize: env.TEMPORAL_WORKER_CACHE_SIZE,
      searchAttributes: env.TEMPORAL_SEARCH_ATTRIBUTES,
      devServer: {
        port: env.TEMPORAL_DEV_PORT,
        uiPort: env.TEMPORAL_UI_PORT,
        dbFile: path.join(dataDir, 'temporal', 'dev-server.sqlite'),
      },
      binaries: envToBinaries(env),
    },
    digests: env.DIGESTS,
    compactHeapAfterStart: env.COMPACT_HEAP_AFTER_START,
    compactHeapWhenIdleMs: env.COMPACT_HEAP_WHEN_IDLE_SECONDS * 1000,
    evidence: {
      maxBytes: env.EVIDENCE_MAX_BYTES,
      store:
        env.EVIDENCE_STORE === 's3'
          ? {
              kind: 's3',
              endpoint: env.EVIDENCE_S3_ENDPOINT,
              // loadConfig refuses s3 without a bucket.
              bucket: env.EVIDENCE_S3_BUCKET ?? '',
              region: env.EVIDENCE_S3_REGION,
              prefix: env.EVIDENCE_S3_PREFIX,
              forcePathStyle: env.EVIDENCE_S3_FORCE_PATH_STYLE,
              orphanAfterMs: env.EVIDENCE_ORPHAN_MINUTES * 60_000,
            }
          : { kind: 'postgres' },
    },
    aimsSettingsCacheMs: env.AIMS_SETTINGS_CACHE_SECONDS * 1000,
    web: {
      session: { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_MAX_HOURS * 3_600_000 },
      signInLinkMs: env.SIGN_IN_LINK_MINUTES * 60_000,
      tokenSignIn: env.WEB_TOKEN_SIGN_IN,
      rateLimits: {
        signInPerAddress: env.RATE_LIMIT_SIGN_IN_PER_ADDRESS,
        signInPerClient: env.RATE_LIMIT_SIGN_IN_PER_CLIENT,
        linkRedemptionPerClient: env.RATE_LIMIT_LINK_REDEMPTION_PER_CLIENT,
        badTokensPerClient: env.RATE_LIMIT_BAD_TOKENS_PER_CLIENT,
      },
      oidc:
        env.OIDC_ISSUER && env.OIDC_CLIENT_ID
          ? {
              issuer: env.OIDC_ISSUER,
              clientId: env.OIDC_CLIENT_ID,
              allowedDomains: env.OIDC_ALLOWED_DOMAINS,
              jit: { create: env.OIDC_JIT_CREATE, role: env.OIDC_JIT_ROLE, timeZone: env.OIDC_JIT_TIME_ZONE },
              label: env.OIDC_LABEL,
            }
          : undefined,
    },
    mail: env.SMTP_HOST
      ? { kind: 'smtp', host: env.SMTP_HOST, port: env.SMTP_PORT, secure: env.SMTP_SECURE, from: env.MAIL_FROM }
      : { kind: 'capture', port: env.MAIL_CAPTURE_PORT, dir: path.join(dataDir, 'mail'), from: env.MAIL_FROM },
  };
  const secrets: Secrets = {
    databaseUrl: env.DATABASE_URL,
    temporalApiKey: env.TEMPORAL_API_KEY,
    smtpUser: env.SMTP_USER,
    smtpPassword: env.SMTP_PASSWORD,
    oidcClientSecret: env.OIDC_CLIENT_SECRET,
    s3Credentials:
      env.EVIDENCE_S3_ACCESS_KEY_ID && env.EVIDENCE_S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.EVIDENCE_S3_ACCESS_KEY_ID, secretAccessKey: env.EVIDENCE_S3_SECRET_ACCESS_KEY }
        : undefined,
  };
  return { config: deepFreeze(config), secrets: Object.freeze(secrets) };
}

/** An explicit path wins; otherwise where scripts/provision-temporal.sh leaves the binaries, a cache outside the clone. */
export function envToBinaries(env: Pick<Env, 'AIMS_CACHE_DIR' | 'XDG_CACHE_HOME' | 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH'>): TemporalBinaries {
  const cache = env.AIMS_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'aims-cycles');
  const bin = path.join(cache, 'temporal', 'bin');
  return Object.freeze({
    cli: env.TEMPORAL_CLI_PATH ?? path.join(bin, 'temporal'),
    testServer: env.TEMPORAL_TEST_SERVER_PATH ?? path.join(bin, 'temporal-test-server'),
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
