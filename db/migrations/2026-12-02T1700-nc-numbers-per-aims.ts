import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

/**
 * Nonconformity numbers contiguous per AIMS (NC-1, NC-2 … in each), as auditors quote them. A
 * sequence leaves gaps (a rolled-back insert, its cache after a restart) and counts across every
 * AIMS; a counter on the AIMS row, raised in the transaction that first writes the case, does not.
 * Numbers given so far stay; each AIMS's counter continues after its highest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('aims')
    .addColumn('last_nc_number', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update aims set last_nc_number = coalesce((select max(number) from nc_cases where nc_cases.aims_id = aims.id), 0)`.execute(db);
  await sql`alter table nc_cases alter column number drop identity`.execute(db);
  await db.schema.alterTable('nc_cases').dropConstraint('nc_cases_number_key').execute();
  await db.schema.alterTable('nc_cases').addUniqueConstraint('nc_cases_aims_number_key', ['aims_id', 'number']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('nc_cases').dropConstraint('nc_cases_aims_number_key').execute();
  await db.schema.alterTable('aims').dropColumn('last_nc_number').execute();
}
