import { DEFAULT_MIGRATION_TABLE, Migrator, sql, type Kysely } from 'kysely';
import { migrations } from './migrations';

/**
 * Whether the database has recorded exactly this code's migrations, no more and no fewer: the
 * usual start, answered by one read instead of the migrator's table checks, lock and
 * transaction (~0.3 s on PGlite). Any other answer, or no migration table yet, is the migrator's
 * to handle, errors included.
 */
async function upToDate(db: Kysely<any>): Promise<boolean> {
  const known = Object.keys(migrations);
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    const recorded = new Set(rows.map((row) => row.name));
    return recorded.size === known.length && known.every((name) => recorded.has(name));
  } catch {
    return false;
  }
}

/** Applies every pending migration; throws, naming the migration, when one fails. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (await upToDate(db)) return [];
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed?.migrationName ?? 'unknown migration';
    throw new Error(`database migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
