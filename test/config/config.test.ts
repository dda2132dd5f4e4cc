import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import os from 'node:os';
import { ConfigError, loadConfig, loadTemporalBinaries } from '../../config/load-config';

const repoRoot = path.join(__dirname, '..', '..');

describe('configuration', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const { config, secrets } = loadConfig({}, 'all-in-one');
    expect(config.database.kind).toBe('pglite');
    expect(config.mail.kind).toBe('capture');
    expect(config.temporal.address).toBeUndefined();
    expect(config.api.port).toBe(3000);
    // Links in emails and feeds use the address the API listens on and the banner prints.
    expect(config.api.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(secrets.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config.api)).toBe(true);
  });

  it("bounds the embedded database's buffer cache and compacts the heap once started, both by default and both settable", () => {
    const defaults = loadConfig({}, 'all-in-one').config;
    expect(defaults.database).toMatchObject({ kind: 'pglite', sharedBuffersMb: 16 });
    expect(defaults.compactHeapAfterStart).toBe(true);
    expect(defaults.compactHeapWhenIdleMs).toBe(10_000);
    const set = loadConfig({ PGLITE_SHARED_BUFFERS_MB: '128', COMPACT_HEAP_AFTER_START: 'false', COMPACT_HEAP_WHEN_IDLE_SECONDS: '0' }, 'all-in-one').config;
    expect(set.database).toMatchObject({ kind: 'pglite', sharedBuffersMb: 128 });
    expect(set.compactHeapAfterStart).toBe(false);
    expect(set.compactHeapWhenIdleMs).toBe(0);
    expect(() => loadConfig({ PGLITE_SHARED_BUFFERS_MB: '0' }, 'all-in-one')).toThrow(/PGLITE_SHARED_BUFFERS_MB/);
  });

  it('switches each embedded part off when its real counterpart is given', () => {
    const { config, secrets } = loadConfig(
      { DATABASE_URL: 'postgres://a:b@db:5432/aims', TEMPORAL_ADDRESS: 'temporal:7233', SMTP_HOST: 'relay.example.org', SMTP_PORT: '465', SMTP_SECURE: 'true' },
      'worker',
    );
    expect(config.database.kind).toBe('postgres');
    expect(secrets.databaseUrl).toBe('postgres://a:b@db:5432/aims');
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.mail).toMatchObject({ kind: 'smtp', host: 'relay.example.org', port: 465, secure: true });
  });

  it('points links at loopback when the API listens on every interface, and at PUBLIC_BASE_URL when set', () => {
    expect(loadConfig({ API_HOST: '0.0.0.0', API_PORT: '8080' }, 'all-in-one').config.api.publicBaseUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ API_HOST: '::' }, 'all-in-one').config.api.publicBaseUrl).toBe('http://[::1]:3000');
    expect(loadConfig({ API_HOST: 'aims.internal' }, 'all-in-one').config.api.publicBaseUrl).toBe('http://aims.internal:3000');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://aims.example.org/' }, 'all-in-one').config.api.publicBaseUrl).toBe('https://aims.example.org');
  });

  it('names every bad variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', TEMPORAL_ADDRESS: 'http://temporal', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, 'all-in-one');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['API_PORT', 'TEMPORAL_ADDRESS', 'DATABASE_URL', 'LOG_LEVEL']) expect(message).toContain(name);
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('reads the mTLS files for a self-hosted Temporal: certificate and key together, each a readable file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aims-tls-config-'));
    try {
      const file = (name: string) => {
        writeFileSync(path.join(dir, name), `-----BEGIN ${name}-----\n`);
        return path.join(dir, name);
      };
      const [cert, key, ca] = [file('cert.pem'), file('key.pem'), file('ca.pem')];
      const { config } = loadConfig(
        { TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key, TEMPORAL_TLS_CA_PATH: ca, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' },
        'all-in-one',
      );
      expect(config.temporal.tls).toBe(true);
      expect(config.temporal.tlsFiles).toEqual({ clientCert: { certPath: cert, keyPath: key }, caPath: ca, serverName: 'temporal.internal' });
      // A CA alone turns TLS on without a client certificate.
      expect(loadConfig({ TEMPORAL_TLS_CA_PATH: ca }, 'all-in-one').config.temporal).toMatchObject({ tls: true, tlsFiles: { clientCert: undefined } });
      expect(loadConfig({}, 'all-in-one').config.temporal.tls).toBe(false);
      const problems = (source: Record<string, string>) => {
        try {
          loadConfig(source, 'all-in-one');
          return [];
        } catch (e) {
          return (e as ConfigError).problems;
        }
      };
      expect(problems({ TEMPORAL_TLS_CERT_PATH: cert })).toEqual([
        expect.stringMatching(/^TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set/),
      ]);
      expect(problems({ TEMPORAL_TLS_KEY_PATH: key })).toEqual([expect.stringMatching(/^TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set/)]);
      expect(problems({ TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: path.join(dir, 'missing.pem'), TEMPORAL_TLS_CA_PATH: dir })).toEqual([
        `TEMPORAL_TLS_KEY_PATH: cannot read ${path.join(dir, 'missing.pem')}`,
        `TEMPORAL_TLS_CA_PATH: ${dir} is not a file`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps evidence in PostgreSQL by default, and in S3 with its bucket, credentials together and secrets kept apart', () => {
    expect(loadConfig({}, 'all-in-one').config.evidence.store).toEqual({ kind: 'postgres' });
    const { config, secrets } = loadConfig(
      {
        EVIDENCE_STORE: 's3',
        EVIDENCE_S3_BUCKET: 'aims-evidence',
        EVIDENCE_S3_ENDPOINT: 'http://127.0.0.1:9000',
        EVIDENCE_S3_FORCE_PATH_STYLE: 'true',
        EVIDENCE_S3_ACCESS_KEY_ID: 'key',
        EVIDENCE_S3_SECRET_ACCESS_KEY: 'secret',
      },
      'all-in-one',
    );
    expect(config.evidence.store).toEqual({
      kind: 's3',
      bucket: 'aims-evidence',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      prefix: 'evidence/',
      forcePathStyle: true,
      orphanAfterMs: 60 * 60_000,
    });
    expect(JSON.stringify(config)).not.toContain('secret');
    expect(secrets.s3Credentials).toEqual({ accessKeyId: 'key', secretAccessKey: 'secret' });
    let message = '';
    try {
      loadConfig({ EVIDENCE_STORE: 's3', EVIDENCE_S3_ACCESS_KEY_ID: 'key', EVIDENCE_S3_PREFIX: '/abs', EVIDENCE_S3_BUCKET: 'A_B' }, 'all-in-one');
    } catch (error) {
      message = (error as ConfigError).message;
    }
    expect(message).toMatch(/EVIDENCE_S3_BUCKET: must be an S3 bucket name/);
    expect(message).toMatch(/EVIDENCE_S3_PREFIX: must be empty or path segments/);
    expect(message).toMatch(/EVIDENCE_S3_SECRET_ACCESS_KEY: required when EVIDENCE_S3_ACCESS_KEY_ID is set/);
    expect(() => loadConfig({ EVIDENCE_STORE: 's3' }, 'all-in-one')).toThrow(/EVIDENCE_S3_BUCKET: required when EVIDENCE_STORE is s3/);
  });

  it('requires a database and a Temporal address for the separate worker and API processes', () => {
    expect(() => loadConfig({}, 'api')).toThrow(/DATABASE_URL: required[\s\S]*TEMPORAL_ADDRESS: required/);
  });

  it('reads the log format and refuses one it does not know', () => {
    expect(loadConfig({}, 'all-in-one').config.logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }, 'all-in-one').config.logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' }, 'all-in-one')).toThrow(/LOG_FORMAT/);
  });

  it('finds the Temporal binaries where setup caches them, unless a path names them', () => {
    const home = path.join(os.homedir(), '.cache', 'aims-cycles', 'temporal', 'bin');
    expect(loadTemporalBinaries({})).toEqual({ cli: path.join(home, 'temporal'), testServer: path.join(home, 'temporal-test-server') });
    expect(loadTemporalBinaries({ XDG_CACHE_HOME: '/xdg' }).cli).toBe('/xdg/aims-cycles/temporal/bin/temporal');
    // AIMS_CACHE_DIR wins over XDG_CACHE_HOME, as in scripts/lib.sh.
    expect(loadTemporalBinaries({ XDG_CACHE_HOME: '/xdg', AIMS_CACHE_DIR: '/cache' }).testServer).toBe('/cache/temporal/bin/temporal-test-server');
    expect(loadTemporalBinaries({ AIMS_CACHE_DIR: '/cache', TEMPORAL_CLI_PATH: '/opt/temporal' }).cli).toBe('/opt/temporal');
    // The engine's config and the test tools agree on them.
    expect(loadConfig({ AIMS_CACHE_DIR: '/cache' }, 'all-in-one').config.temporal.binaries).toEqual(loadTemporalBinaries({ AIMS_CACHE_DIR: '/cache' }));
  });

  it('stops the start command before anything starts, naming the variable, with exit code 2', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'main/start.ts'], {
      cwd: repoRoot,
      env: { ...process.env, API_PORT: '70000', SMTP_SECURE: 'maybe' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('invalid configuration');
    expect(run.stderr).toContain('API_PORT');
    expect(run.stderr).toContain('SMTP_SECURE');
  });

  it('reads sign-in settings: sessions, limits as <count>/<window>, single sign-on only with an issuer and a client', () => {
    const { config } = loadConfig({ RATE_LIMIT_BAD_TOKENS_PER_CLIENT: '3/2h', SESSION_IDLE_MINUTES: '30' }, 'all-in-one');
    expect(config.web.rateLimits.badTokensPerClient).toEqual({ max: 3, windowMs: 7_200_000 });
    expect(config.web.rateLimits.signInPerAddress).toEqual({ max: 5, windowMs: 900_000 });
    expect(config.web.session).toEqual({ idleMs: 1_800_000, absoluteMs: 43_200_000 });
    expect([config.web.tokenSignIn, config.web.oidc]).toEqual(['admins', undefined]);
    const sso = loadConfig(
      { OIDC_ISSUER: 'https://id.example.org', OIDC_CLIENT_ID: 'aims', OIDC_CLIENT_SECRET: 's3cret', OIDC_ALLOWED_DOMAINS: 'Example.org, example.com' },
      'all-in-one',
    );
    expect(sso.config.web.oidc).toMatchObject({ issuer: 'https://id.example.org', clientId: 'aims', allowedDomains: ['example.org', 'example.com'] });
    expect(sso.secrets.oidcClientSecret).toBe('s3cret');
    expect(JSON.stringify(sso.config)).not.toContain('s3cret');
    let error: unknown;
    try {
      loadConfig({ RATE_LIMIT_SIGN_IN_PER_CLIENT: 'lots', OIDC_ISSUER: 'https://id.example.org', OIDC_JIT_TIME_ZONE: 'Mars/Olympus' }, 'all-in-one');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('RATE_LIMIT_SIGN_IN_PER_CLIENT: must be <count>/<window>');
    expect(problems).toContain('OIDC_CLIENT_ID: required when OIDC_ISSUER is set');
    expect(problems).toContain('OIDC_JIT_TIME_ZONE: must be an IANA time zone');
  });
});
