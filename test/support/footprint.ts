import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { EngineHarness } from './engine-harness';

export interface TableDigest {
  name: string;
  rows: number;
  digest: string;
}

/** Every table of the test's schema but kysely's own migration bookkeeping. */
async function schemaTables(db: Db): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely%' order by table_name`.execute(db);
  return tables.rows.map((t) => t.name);
}

/**
 * What a refused command must leave as it was: each table's rows, counted and hashed (the named
 * tables, or every table of the schema), and the number of emails sent. The engine settles
 * first: what an earlier command sends or saves after its answer is not this command's change.
 *
 * @example
 * const before = await footprint(h, ['documents', 'tasks', 'audit_trail']);
 * // … a refused command …
 * expect(await footprint(h, ['documents', 'tasks', 'audit_trail'])).toEqual(before);
 */
export async function footprint(h: EngineHarness, tables?: readonly string[]): Promise<{ tables: TableDigest[]; mail: number }> {
  await h.settle();
  const names = tables ?? (await schemaTables(h.db));
  const digests = await sql<TableDigest>`${sql.join(
    names.map(
      (name) =>
        sql`select ${sql.lit(name)} as name, count(*)::int as rows, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest from ${sql.table(name)} x`,
    ),
    sql` union all `,
  )}`.execute(h.db);
  return { tables: [...digests.rows].sort((a, b) => a.name.localeCompare(b.name)), mail: h.catcher.messages.length };
}
