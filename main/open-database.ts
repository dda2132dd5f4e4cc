import type { Config, Secrets } from '../config/config';
import { connectDatabase } from '../db/connect';
import type { Db } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { lockPgliteDir } from './pglite-lock';

/** Opens the configured database, locks it if embedded, and brings its schema up to date. */
export async function openDatabase(config: Config, secrets: Secrets, holder: string): Promise<{ db: Db; migrated: string[]; close(): Promise<void> }> {
  let unlock = (): void => {};
  let db: Db;
  if (config.database.kind === 'pglite') {
    unlock = lockPgliteDir(config.database.dir, holder);
    db = connectDatabase({ kind: 'pglite', dir: config.database.dir, sharedBuffersMb: config.database.sharedBuffersMb });
  } else {
    db = connectDatabase({ kind: 'postgres', url: secrets.databaseUrl!, poolSize: config.database.poolSize });
  }
  try {
    const migrated = await migrateToLatest(db);
    return {
      db,
      migrated,
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (error) {
    await db.destroy();
    unlock();
    throw error;
  }
}
