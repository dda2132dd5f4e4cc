import { sql } from 'kysely';
import type { Db } from './database';

/** Whether the database answers at all (readiness): no table is read. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
