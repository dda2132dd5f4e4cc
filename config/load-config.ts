import { accessSync, constants, statSync } from 'node:fs';
import { binariesEnvSchema, envSchema, type RunMode } from './config-schema';
import { envToBinaries, envToConfig, type Config, type Secrets, type TemporalBinaries } from './config';
import { redactCredentials } from './redact';

/** Variables whose value is a secret as a whole: named when wrong, never shown. */
const SECRET_VARIABLES = new Set([
  'TEMPORAL_API_KEY',
  'SMTP_PASSWORD',
  'SMTP_USER',
  'OIDC_CLIENT_SECRET',
  'EVIDENCE_S3_ACCESS_KEY_ID',
  'EVIDENCE_S3_SECRET_ACCESS_KEY',
]);

/** Thrown when the environment cannot start the engine; its message names every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment once, validates every variable, and returns frozen settings.
 * Production roles (`worker`, `api`) run as separate processes, so they cannot share the
 * embedded PGlite or spawn their own dev server: they need DATABASE_URL and TEMPORAL_ADDRESS.
 *
 * @example const { config, secrets } = loadConfig(process.env, 'all-in-one');
 */
export function loadConfig(source: Record<string, string | undefined>, mode: RunMode): { config: Config; secrets: Secrets } {
  const env = setVariables(source);
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      // The value helps spot a typo, but a URL's password (DATABASE_URL) is masked.
      const got = SECRET_VARIABLES.has(name) ? 'a value, not shown' : redactCredentials(JSON.stringify(env[name] ?? null));
      problems.push(`${name}: ${issue.message} (got ${got})`);
    }
  }
  if (mode !== 'all-in-one') {
    if (!env.DATABASE_URL) problems.push(`DATABASE_URL: required when running the ${mode} on its own`);
    if (!env.TEMPORAL_ADDRESS) problems.push(`TEMPORAL_ADDRESS: required when running the ${mode} on its own`);
  }
  problems.push(...temporalTlsProblems(env));
  if (env.SMTP_USER && !env.SMTP_PASSWORD) problems.push('SMTP_PASSWORD: required when SMTP_USER is set');
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
  problems.push(...evidenceStoreProblems(env));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return envToConfig(parsed.data, mode);
}

/**
 * Only where the Temporal binaries are: what test set-up and benchmarks need, without
 * validating (or requiring) the rest of the engine's settings.
 */
export function loadTemporalBinaries(source: Record<string, string | undefined>): TemporalBinaries {
  const parsed = binariesEnvSchema.safeParse(setVariables(source));
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return envToBinaries(parsed.data);
}

/** An empty variable means "not set", as in most shells' `VAR= command`. */
function setVariables(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** The mTLS files: certificate and key together or not at all, and every one named a readable file. */
function temporalTlsProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  const cert = env.TEMPORAL_TLS_CERT_PATH;
  const key = env.TEMPORAL_TLS_KEY_PATH;
  if (cert && !key) problems.push('TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set (the client certificate needs its key)');
  if (key && !cert) problems.push('TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set (the key needs its client certificate)');
  for (const name of ['TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH', 'TEMPORAL_TLS_CA_PATH']) {
    const file = env[name];
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
      if (!statSync(file).isFile()) problems.push(`${name}: ${file} is not a file`);
    } catch {
      problems.push(`${name}: cannot read ${file}`);
    }
  }
  return problems;
}

/** S3 needs its bucket, and its access key and secret come together or not at all. */
function evidenceStoreProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  if (env.EVIDENCE_STORE === 's3' && !env.EVIDENCE_S3_BUCKET) problems.push('EVIDENCE_S3_BUCKET: required when EVIDENCE_STORE is s3');
  if (env.EVIDENCE_S3_ACCESS_KEY_ID && !env.EVIDENCE_S3_SECRET_ACCESS_KEY) {
    problems.push('EVIDENCE_S3_SECRET_ACCESS_KEY: required when EVIDENCE_S3_ACCESS_KEY_ID is set');
  }
  if (env.EVIDENCE_S3_SECRET_ACCESS_KEY && !env.EVIDENCE_S3_ACCESS_KEY_ID) {
    problems.push('EVIDENCE_S3_ACCESS_KEY_ID: required when EVIDENCE_S3_SECRET_ACCESS_KEY is set');
  }
  return problems;
}
