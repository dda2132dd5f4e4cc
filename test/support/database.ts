import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../../db/connect';
import type { Db } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run `npm test`');
  return url;
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Waits until no session is left on a database: pool.end() resolves before its sockets have closed. */
async function untilNoSessions(admin: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const { rows } = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Drops a test database, ending what is still connected. An autovacuum worker busy in it is the
 * server's own process, which a non-superuser may not end (SQLSTATE 42501): it finishes within
 * moments, so the drop is tried again for a while rather than failing the file.
 */
async function dropForced(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const MIGRATIONS_DIR = path.join(__dirname, '..', '..', 'db', 'migrations');

/** A name for this version of the migrations: a hash of their files (and of the code that runs them). */
function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(path.join(MIGRATIONS_DIR, file)));
  hash.update(readFileSync(path.join(MIGRATIONS_DIR, '..', 'migrate.ts')));
  return `aims_tpl_${hash.digest('hex').slice(0, 16)}`;
}

let template: Promise<string> | undefined;

/**
 * A database migrated to this version of the migrations, made once and then copied by each
 * test file (CREATE DATABASE … TEMPLATE): a copy takes a fraction of migrating from scratch.
 * Made under an advisory lock, so that files (and clones of the repository) starting together
 * make it once; kept for later runs. Nobody connects to it once it is made, as copying requires.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = templateName();
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
      const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (rows.length === 0) {
        // Made under a temporary name and renamed once migrated: a half-made template is never copied.
        const making = `${name}_${randomBytes(4).toString('hex')}`;
        await admin.query(`create database ${making}`);
        const db = connectDatabase({ kind: 'postgres', url: databaseUrl(making), poolSize: 1 });
        try {
          await migrateToLatest(db);
        } finally {
          await db.destroy();
        }
        await untilNoSessions(admin, making);
        await admin.query(`alter database ${making} rename to ${name}`);
      }
      return name;
    } finally {
      await admin.end(); // ends the session, and with it the advisory lock
    }
  })();
  return template;
}

/**
 * A new PostgreSQL database for one test file, migrated and without rows, and its drop. Each
 * file gets its own so that files running side by side never see each other's rows.
 */
export async function freshPostgres(): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const name = `aims_t_${randomBytes(6).toString('hex')}`;
  const from = await migratedTemplate();
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name} template ${from}`);
  await admin.end();
  const url = databaseUrl(name);
  const db = connectDatabase({ kind: 'postgres', url, poolSize: 5 });
  // Nothing left to apply when the template is of this version; still the same check as the engine's start.
  await migrateToLatest(db);
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      // Forcing the drop while the pool's sockets close would kill them mid-goodbye and surface
      // as an uncaught error in whichever test runs next.
      await untilNoSessions(client, name);
      await dropForced(client, name);
      await client.end();
    },
  };
}

/** An in-memory PGlite, migrated. */
export async function freshPglite(): Promise<Db> {
  const db = connectDatabase({ kind: 'pglite', dir: undefined });
  await migrateToLatest(db);
  return db;
}
