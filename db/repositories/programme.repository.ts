import type { DbOrTrx } from '../database';

// Every read of `audit_programmes`, the read model of each AIMS's programme workflow (the
// workflow's save writes it).

/** The programme of an AIMS as its workflow last saved it. */
export async function findProgrammeRow(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('audit_programmes').selectAll().where('aims_id', '=', aimsId).executeTakeFirst();
}

/** Whether the AIMS's programme workflow has saved its programme yet. */
export async function hasProgramme(db: DbOrTrx, aimsId: string): Promise<boolean> {
  const row = await db.selectFrom('audit_programmes').select('aims_id').where('aims_id', '=', aimsId).executeTakeFirst();
  return row !== undefined;
}
