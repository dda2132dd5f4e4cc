import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDatabase } from '../../db/connect';
import type { Db } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run `npm test`');
  return url;
}

/**
 * A new, empty PostgreSQL database for one test file, migrated, and its drop. Each file gets
 * its own so that files running side by side never see each other's rows.
 */
export async function freshPostgres(): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const name = `aims_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const db = connectDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
  await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
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
