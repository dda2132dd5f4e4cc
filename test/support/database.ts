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
      // pool.end() resolves before its sockets have closed; forcing the drop while they close
      // would kill them mid-goodbye and surface as an uncaught error in whichever test runs next.
      for (let i = 0; i < 50; i++) {
        const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
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
