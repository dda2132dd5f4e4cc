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

export async function updateOrganisationSettings(
  db: DbOrTrx,
  id: string,
  settings: Pick<Organisation, 'sender_name' | 'reply_to' | 'default_time_zone' | 'default_holiday_region'> & { default_policy: string },
): Promise<Organisation | undefined> {
  return db.updateTable('organisations').set(settings).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Locks the organisation's row for a change of its settings (the before of the trail is the row as changed). */
export async function findOrganisationForUpdate(db: DbOrTrx, id: string): Promise<Organisation | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

/** The sender name and reply-to an AIMS's emails go out with: its organisation's settings. */
export async function findSenderOfAims(db: DbOrTrx, aimsId: string): Promise<{ sender_name: string | null; reply_to: string | null } | undefined> {
  return db
    .selectFrom('organisations as o')
    .innerJoin('aims as a', 'a.organisation_id', 'o.id')
    .select(['o.sender_name', 'o.reply_to'])
    .where('a.id', '=', aimsId)
    .executeTakeFirst();
}
