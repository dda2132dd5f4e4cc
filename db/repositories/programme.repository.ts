import type { Insertable } from 'kysely';
import type { AuditProgrammesTable } from '../tables/audits.table';
import type { DbOrTrx } from '../database';

// Every read and write of `audit_programmes`, the read model of each AIMS's programme workflow.

/** The programme of an AIMS as its workflow last saved it. */
export async function findProgrammeRow(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('audit_programmes').selectAll().where('aims_id', '=', aimsId).executeTakeFirst();
}

/** Whether the AIMS's programme workflow has saved its programme yet. */
export async function hasProgramme(db: DbOrTrx, aimsId: string): Promise<boolean> {
  const row = await db.selectFrom('audit_programmes').select('aims_id').where('aims_id', '=', aimsId).executeTakeFirst();
  return row !== undefined;
}

/** The programme workflow's save of its row; an older snapshot than the stored one changes nothing. */
export async function upsertProgrammeIfNewer(trx: DbOrTrx, row: Insertable<AuditProgrammesTable> & { version: number }): Promise<undefined> {
  await trx
    .insertInto('audit_programmes')
    .values(row)
    .onConflict((oc) => oc.column('aims_id').doUpdateSet(row).where('audit_programmes.version', '<', row.version))
    .execute();
  return undefined;
}
