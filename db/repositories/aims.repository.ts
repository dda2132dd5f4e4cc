import { inAims } from '../aims-filter';
import type { Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { Aims, AimsTable } from '../tables/aims.table';
import type { Recipient } from './people.repository';

export type NewAims = Insertable<AimsTable>;

export async function insertAims(db: DbOrTrx, aims: NewAims): Promise<Aims> {
  return db.insertInto('aims').values(aims).returningAll().executeTakeFirstOrThrow();
}

export async function findAimsById(db: DbOrTrx, id: string): Promise<Aims | undefined> {
  return db.selectFrom('aims').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listAims(db: DbOrTrx, aimsIds?: readonly string[]): Promise<Aims[]> {
  let query = db.selectFrom('aims').selectAll().orderBy('name');
  if (aimsIds) query = query.where(inAims('id', aimsIds));
  return query.execute();
}

export type AimsName = Pick<Aims, 'id' | 'name'>;

/** Every AIMS's id and name by name: the pages' pickers. */
export async function listAimsNames(db: DbOrTrx, aimsIds?: readonly string[]): Promise<AimsName[]> {
  let query = db.selectFrom('aims').select(['id', 'name']).orderBy('name');
  if (aimsIds) query = query.where(inAims('id', aimsIds));
  return query.execute();
}

/** The same, ties broken by id: the feed URLs the API hands out come in a stable order. */
export async function listAimsNamesById(db: DbOrTrx, aimsIds?: readonly string[]): Promise<AimsName[]> {
  let query = db.selectFrom('aims').select(['id', 'name']).orderBy('name').orderBy('id');
  if (aimsIds) query = query.where(inAims('id', aimsIds));
  return query.execute();
}

/** What an AIMS's calendar feed needs of the AIMS itself. */
export async function findAimsForFeed(db: DbOrTrx, id: string): Promise<Pick<Aims, 'id' | 'name' | 'time_zone' | 'policy'> | undefined> {
  return db.selectFrom('aims').select(['id', 'name', 'time_zone', 'policy']).where('id', '=', id).executeTakeFirst();
}

export async function findProgrammeManagerId(db: DbOrTrx, aimsId: string): Promise<string | undefined> {
  return (await db.selectFrom('aims').select('programme_manager_id').where('id', '=', aimsId).executeTakeFirst())?.programme_manager_id;
}

/** The AIMS's programme manager as an email recipient, or undefined for an unknown AIMS. */
export async function findProgrammeManagerOf(db: DbOrTrx, aimsId: string): Promise<Recipient | undefined> {
  return db
    .selectFrom('aims')
    .innerJoin('people', 'people.id', 'aims.programme_manager_id')
    .select(['people.id', 'people.name', 'people.email', 'people.active'])
    .where('aims.id', '=', aimsId)
    .executeTakeFirst();
}

/**
 * Locks the AIMS row until the transaction ends; throws for an unknown AIMS. FOR NO KEY UPDATE,
 * not FOR UPDATE: it queues the writers of the row just the same, but lets other transactions'
 * foreign-key checks on the AIMS through. A FOR UPDATE here deadlocked with a save holding its
 * trail chain's lock whose trail insert checked the AIMS key (seen in the certification test).
 */
export async function lockAims(trx: DbOrTrx, id: string): Promise<void> {
  await trx.selectFrom('aims').select('id').where('id', '=', id).forNoKeyUpdate().executeTakeFirstOrThrow();
}

/** Raises the AIMS's nonconformity counter and returns the number taken; rolled back with its transaction. */
export async function takeNextNcNumber(trx: DbOrTrx, aimsId: string): Promise<number> {
  const { last_nc_number } = await trx
    .updateTable('aims')
    .set((eb) => ({ last_nc_number: eb('last_nc_number', '+', 1) }))
    .where('id', '=', aimsId)
    .returning('last_nc_number')
    .executeTakeFirstOrThrow();
  return last_nc_number;
}

/** Replaces an AIMS's settings; answers the row as it now is, or undefined when there is no such AIMS. */
export async function updateAimsSettings(
  db: DbOrTrx,
  id: string,
  settings: Pick<NewAims, 'name' | 'scope' | 'time_zone' | 'holiday_region' | 'closed_days' | 'programme_manager_id' | 'policy'>,
): Promise<Aims | undefined> {
  return db.updateTable('aims').set(settings).where('id', '=', id).returningAll().executeTakeFirst();
}

/** The AIMS of one organisation, by name: what its archive holds. */
export async function listAimsOfOrganisation(db: DbOrTrx, organisationId: string): Promise<Aims[]> {
  return db.selectFrom('aims').selectAll().where('organisation_id', '=', organisationId).orderBy('name').orderBy('id').execute();
}

/** The ids of every AIMS of an organisation. */
export async function listAimsIdsOfOrganisation(db: DbOrTrx, organisationId: string): Promise<string[]> {
  const rows = await db.selectFrom('aims').select('id').where('organisation_id', '=', organisationId).orderBy('id').execute();
  return rows.map((r) => r.id);
}
