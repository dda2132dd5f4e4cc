import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { CertificationsTable } from '../tables/certification.table';

// Every read and write of `certifications`, the read model of each AIMS's certification workflow.

/** The certification of an AIMS, whole, as its workflow last saved it. */
export async function findCertificationRow(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('certifications').selectAll().where('aims_id', '=', aimsId).executeTakeFirst();
}

/** What a management review pack says of the certification. */
export async function findCertificationSummary(db: DbOrTrx, aimsId: string) {
  return db
    .selectFrom('certifications')
    .select(['status', 'certification_body', 'decision_date', 'expiry_date', 'next_due_item', 'next_due_date', 'planned_audits'])
    .where('aims_id', '=', aimsId)
    .executeTakeFirst();
}

/**
 * Whether the AIMS's certification records an external audit of this id. External audits have
 * no table of their own: they are entries of the `external_audits` list.
 */
export async function hasExternalAudit(db: DbOrTrx, aimsId: string, auditId: string): Promise<boolean> {
  const row = await db
    .selectFrom('certifications')
    .select('aims_id')
    .where('aims_id', '=', aimsId)
    .where(sql<boolean>`external_audits @> ${JSON.stringify([{ id: auditId }])}::jsonb`)
    .executeTakeFirst();
  return row !== undefined;
}

/** The certification workflow's save of its row; answers the AIMS id if it was written, nothing if a newer one is stored. */
export async function upsertCertificationIfNewer(trx: DbOrTrx, row: Insertable<CertificationsTable> & { version: number }) {
  return trx
    .insertInto('certifications')
    .values(row)
    .onConflict((oc) => oc.column('aims_id').doUpdateSet(row).where('certifications.version', '<', row.version))
    .returning('aims_id')
    .executeTakeFirst();
}
