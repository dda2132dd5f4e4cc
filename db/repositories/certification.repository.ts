import { sql } from 'kysely';
import type { DbOrTrx } from '../database';

// Every read of `certifications`, the read model of each AIMS's certification workflow (the
// workflow's save writes it).

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
