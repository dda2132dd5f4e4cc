import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { LanedPGliteDialect } from './connection-lanes';
import type { Database, Db } from './database';

const DATE_OID = 1082;

/**
 * Due dates are calendar dates in the AIMS zone and stay ISO strings end to end. node-postgres
 * would turn a `date` into a JavaScript Date at local midnight, shifting it in any zone west
 * of the server's, so both drivers hand dates back untouched.
 */
const keepDateAsString = (value: string): string => value;

export type DatabaseTarget = { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dir: string | undefined; sharedBuffersMb?: number };

/**
 * Opens the database the config points at: a PostgreSQL pool, or an embedded PGlite
 * (a folder on disk, or in memory when `dir` is undefined), whose one connection goes to
 * interactive work first (`connection-lanes.ts`).
 */
export function connectDatabase(target: DatabaseTarget): Db {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      // A server that does not answer (a half-open network; a stopped one refuses at once) fails
      // a request with a connection error the API turns into 503, instead of queueing it forever.
      // Generous: on a loaded machine a healthy server can take seconds to accept.
      connectionTimeoutMillis: 15_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === DATE_OID ? keepDateAsString : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle connection the server drops (a restart, a crash, a failover) is reported as an
    // 'error' event; unheard, it would end the process. The pool has discarded that client
    // already, and the next query opens a new one (or fails, answered as 503), so nothing is lost.
    pool.on('error', () => undefined);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (target.dir) mkdirSync(target.dir, { recursive: true });
  const pglite = new PGlite({
    dataDir: target.dir,
    parsers: { [DATE_OID]: keepDateAsString },
    // PGlite's own start parameters, plus the buffer cache's size when one is given.
    ...(target.sharedBuffersMb === undefined ? {} : { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${target.sharedBuffersMb}MB`] }),
  });
  return new Kysely<Database>({ dialect: new LanedPGliteDialect(pglite) });
}
