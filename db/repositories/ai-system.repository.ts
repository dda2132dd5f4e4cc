import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import type { AiRisksTable, AiSystemsTable } from '../tables/ai-systems.table';

// Every read and write of `ai_systems` and `ai_risks`, the read model of each AI system's workflow.

export async function findAiSystemRow(db: DbOrTrx, systemId: string) {
  return db.selectFrom('ai_systems').selectAll().where('id', '=', systemId).executeTakeFirst();
}

/** The register of one AIMS, by name. */
export async function listAiSystemRows(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('ai_systems').selectAll().where('aims_id', '=', aimsId).orderBy('name').orderBy('id').execute();
}

/** Which of `ids` are AI systems of the AIMS (a supplier's dependants must be). */
export async function findAiSystemIdsOfAims(db: DbOrTrx, aimsId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('ai_systems').select('id').where('aims_id', '=', aimsId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

/** The workflow's save of its row; answers the id if it was written, nothing if a newer one is stored. */
export async function upsertAiSystemIfNewer(trx: DbOrTrx, row: Insertable<AiSystemsTable> & { version: number }) {
  return trx
    .insertInto('ai_systems')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row).where('ai_systems.version', '<', row.version))
    .returning('id')
    .executeTakeFirst();
}

/** Replaces a system's approved risks with those of its latest approved risk assessment. */
export async function replaceAiRisks(trx: DbOrTrx, systemId: string, risks: Insertable<AiRisksTable>[]): Promise<void> {
  await trx.deleteFrom('ai_risks').where('system_id', '=', systemId).execute();
  if (risks.length > 0) await trx.insertInto('ai_risks').values(risks).execute();
}

/**
 * Approved risks of an AIMS's active systems, by residual level: what management sees of AI
 * risk (9.3.2 c and e). A level above the appetite is compared by the caller.
 */
export async function countAiRisksByResidualLevel(db: DbOrTrx, aimsId: string) {
  return db
    .selectFrom('ai_risks')
    .innerJoin('ai_systems', 'ai_systems.id', 'ai_risks.system_id')
    .select(['ai_risks.residual_level as level', (eb) => eb.fn.countAll<string>().as('count')])
    .where('ai_risks.aims_id', '=', aimsId)
    .where('ai_systems.status', '=', 'active')
    .groupBy('ai_risks.residual_level')
    .execute();
}

/** The approved risks whose residual level is one of `levels` (those above the appetite), worst first. */
export async function listAiRisksAtLevels(db: DbOrTrx, aimsId: string, levels: string[]) {
  if (levels.length === 0) return [];
  return db
    .selectFrom('ai_risks')
    .innerJoin('ai_systems', 'ai_systems.id', 'ai_risks.system_id')
    .select(['ai_risks.system_id', 'ai_systems.name as system_name', 'ai_risks.description', 'ai_risks.level', 'ai_risks.residual_level', 'ai_risks.treatment'])
    .where('ai_risks.aims_id', '=', aimsId)
    .where('ai_systems.status', '=', 'active')
    .where('ai_risks.residual_level', 'in', levels)
    .orderBy('ai_systems.name')
    .orderBy('ai_risks.position')
    .execute();
}

/**
 * Active systems of an AIMS whose open assessment cycle (not yet approved in full) was due
 * before `today` (the AIMS's date), most overdue first.
 */
export async function listAiSystemsWithAssessmentDueBefore(db: DbOrTrx, aimsId: string, today: string) {
  const due = sql<string>`ai_systems.current_assessment->>'dueDate'`;
  return db
    .selectFrom('ai_systems')
    .select(['id', 'name', due.as('due_date')])
    .where('aims_id', '=', aimsId)
    .where('status', '=', 'active')
    .where(due, '<', today)
    .orderBy(due)
    .orderBy('name')
    .execute();
}
