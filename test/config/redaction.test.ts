import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/load-config';
import { redactCredentials } from '../../config/redact';
import { createLogger } from '../../main/logger';

// A mistyped DATABASE_URL was echoed whole, password included, by the start-up error. Whatever
// prints a setting or an error masks a URL's password; the rest of the URL stays, to spot the typo.

const repoRoot = path.join(__dirname, '..', '..');
const SECRET = 's3cret-Pw';

const configMessage = (env: Record<string, string>) => {
  try {
    loadConfig(env, 'all-in-one');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the configuration was accepted');
};

describe('credentials in settings and errors', () => {
  it.each([
    ['postgress://aims:s3cret-Pw@db.example.org:5432/aims', 'postgress://aims:***@db.example.org:5432/aims'],
    ['postgress://aims:s3cret-Pw@with-at@db.example.org/aims', 'postgress://aims:***@db.example.org/aims'],
    ['postgress://aims:s3cret-Pw/slash@db.example.org/aims', 'postgress://aims:***@db.example.org/aims'],
    ['postgress://:s3cret-Pw@db.example.org/aims', 'postgress://:***@db.example.org/aims'],
    ['host=db user=aims password=s3cret-Pw', 'host=db user=aims password=***'],
  ])('a mistyped DATABASE_URL %s is named as %s', (url, shown) => {
    const message = configMessage({ DATABASE_URL: url });
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain(JSON.stringify(shown).slice(1, -1));
    expect(message).not.toContain(SECRET);
  });

  it('never shows a secret variable, even when its value is wrong', () => {
    const message = configMessage({ SMTP_USER: 'mailer', SMTP_PASSWORD: ' ', PUBLIC_BASE_URL: `ftp://u:${SECRET}@x` });
    expect(message).toContain('(got a value, not shown)');
    expect(message).toContain('PUBLIC_BASE_URL');
    expect(message).not.toContain(SECRET);
  });

  it('leaves URLs without a password as they are', () => {
    expect(redactCredentials('see http://127.0.0.1:3000/ui and postgres://db/aims')).toBe('see http://127.0.0.1:3000/ui and postgres://db/aims');
  });

  it('masks passwords in log messages, fields and errors, their causes and extra fields included', () => {
    const lines: string[] = [];
    const log = createLogger({ logLevel: 'info', logFormat: 'json' }, { write: (line: string) => void lines.push(line) });
    const cause = Object.assign(new TypeError('Invalid URL'), { input: `postgres://aims:${SECRET}@db:99999/aims` });
    log.fatal(
      { err: new Error('database migration failed', { cause }), url: `postgres://aims:${SECRET}@db/aims` },
      `could not open postgres://aims:${SECRET}@db/aims`,
    );
    log.error(cause, 'first argument an error');
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(SECRET);
    const [fatal, error] = lines.map((l) => JSON.parse(l));
    expect(fatal.msg).toBe('could not open postgres://aims:***@db/aims');
    expect(fatal.url).toBe('postgres://aims:***@db/aims');
    expect(fatal.err.cause).toMatchObject({ type: 'TypeError', input: 'postgres://aims:***@db:99999/aims' });
    expect(error.err).toMatchObject({ type: 'TypeError', input: 'postgres://aims:***@db:99999/aims' });
  });

  it('stops the start command on a mistyped DATABASE_URL without printing its password', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'main/start.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: `postgress://aims:${SECRET}@127.0.0.1:5432/aims` },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL (got "postgress://aims:***@127.0.0.1:5432/aims")');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });
});
