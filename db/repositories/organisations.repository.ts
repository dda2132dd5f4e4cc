import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { Organisation, OrganisationsTable } from '../tables/organisations.table';

export async function insertOrganisation(db: DbOrTrx, row: Insertable<OrganisationsTable>): Promise<Organisation> {
  return db.insertInto('organisations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findOrganisation(db: DbOrTrx, id: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listOrganisations(db: DbOrTrx, ids?: readonly string[]): Promise<Organisation[]> {
  let query = db.selectFrom('organisations').selectAll().orderBy('name');
  if (ids) query = query.where(sql<boolean>`id = any(${[...ids]}::uuid[])`);
  return query.execute();
}
