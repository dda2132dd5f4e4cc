import { inAims } from '../aims-filter';
import { sql, type Insertable } from 'kysely';
import type { DbOrTrx } from '../database';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { NcActionRow, NcActionsTable, NcCasesTable } from '../tables/nc-cases.table';
import type { TaskRow } from '../tables/tasks.table';
import { todayInAimsZone } from '../today-in-aims-zone';
import { lockAims, takeNextNcNumber } from './aims.repository';
import { timelineEntriesQuery, type TimelineEntry } from './audit-trail.repository';
import { tasksOfItemQuery } from './task.repository';

// Every read and write of `nc_cases` and `nc_actions`. Cases are written only by their workflow,
// through the save protocol (`db/save-item.ts`); everything else reads.

export type NewCase = Insertable<NcCasesTable>;
export type NewAction = Insertable<NcActionsTable>;

/**
 * Writes the case unless the stored one is as new or newer (version guard); answers its number
 * when written, undefined when an older snapshot was refused.
 */
export async function upsertCase(trx: DbOrTrx, row: NewCase): Promise<{ number: number } | undefined> {
  return trx
    .insertInto('nc_cases')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          owner_id: eb.ref('excluded.owner_id'),
          verifier_id: eb.ref('excluded.verifier_id'),
          iteration: eb.ref('excluded.iteration'),
          details: eb.ref('excluded.details'),
          closed_at: eb.ref('excluded.closed_at'),
          version: eb.ref('excluded.version'),
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where('nc_cases.version', '<', row.version),
    )
    .returning('number')
    .executeTakeFirst();
}

/** Writes each action of a case as the workflow has it. */
/** A case's actions in one statement. */
export async function upsertActions(trx: DbOrTrx, rows: NewAction[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('nc_actions')
    .values(rows)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        task_id: eb.ref('excluded.task_id'),
        iteration: eb.ref('excluded.iteration'),
        title: eb.ref('excluded.title'),
        owner_id: eb.ref('excluded.owner_id'),
        due_date: eb.ref('excluded.due_date'),
        status: eb.ref('excluded.status'),
        evidence: eb.ref('excluded.evidence'),
        completed_at: eb.ref('excluded.completed_at'),
      })),
    )
    .execute();
}

/**
 * The case's number: the one it has, or for its first save the next of its AIMS. The AIMS row is
 * locked before looking again, so two first saves (a retry racing an attempt that timed out)
 * cannot both take a number; and the counter is raised in this transaction, so an insert that
 * fails or rolls back gives its number back. The counter's row is the AIMS's, so its lock and
 * raise are the AIMS repository's; the rule of when to take a number is here.
 */
export async function caseNumberFor(trx: DbOrTrx, caseId: string, aimsId: string): Promise<number> {
  const existing = async () => (await trx.selectFrom('nc_cases').select('number').where('id', '=', caseId).executeTakeFirst())?.number;
  const known = await existing();
  if (known !== undefined) return known;
  await lockAims(trx, aimsId);
  const raced = await existing();
  if (raced !== undefined) return raced;
  return takeNextNcNumber(trx, aimsId);
}

/** What a command on a case needs to route and check it. */
export async function findCaseForCommand(db: DbOrTrx, caseId: string) {
  return db.selectFrom('nc_cases').select(['id', 'workflow_id', 'aims_id', 'severity']).where('id', '=', caseId).executeTakeFirst();
}

/** The actions of a case, by iteration then title. */
export async function listActionsOfCase(db: DbOrTrx, caseId: string) {
  return actionsOfCaseQuery(db, caseId).execute();
}

function actionsOfCaseQuery(db: DbOrTrx, caseId: string) {
  return db.selectFrom('nc_actions').selectAll().where('case_id', '=', caseId).orderBy('iteration').orderBy('title');
}

/**
 * A case with the date it is today in its AIMS's zone, and its actions, tasks and timeline
 * entries as their own reads give them, in one statement: what the case's page and every
 * command's answer show. The parts come back as JSON arrays (in their queries' order), their
 * instants as text, turned back into Dates here.
 */
export async function findCaseWithParts(db: DbOrTrx, now: Date, caseId: string) {
  const row = await db
    .selectFrom('nc_cases')
    .innerJoin('aims', 'aims.id', 'nc_cases.aims_id')
    .selectAll('nc_cases')
    .select(todayInAimsZone(now).as('today'))
    .select([
      jsonArrayFrom(actionsOfCaseQuery(db, caseId)).as('actions'),
      jsonArrayFrom(tasksOfItemQuery(db, caseId)).as('tasks'),
      jsonArrayFrom(timelineEntriesQuery(db, 'nc_case', caseId)).as('timeline'),
    ])
    .where('nc_cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { actions, tasks, timeline, ...found } = row;
  return {
    row: found,
    actions: actions.map((a): NcActionRow => ({ ...a, completed_at: instantOrNull(a.completed_at) })),
    tasks: tasks.map((t): TaskRow => ({ ...t, created_at: new Date(t.created_at), completed_at: instantOrNull(t.completed_at) })),
    timeline: timeline.map((e): TimelineEntry => ({ ...e, occurred_at: new Date(e.occurred_at) })),
  };
}

const instantOrNull = (text: string | null): Date | null => (text === null ? null : new Date(text));

/** The open action that a case's task tracks. */
export async function findOpenActionId(db: DbOrTrx, task: { caseId: string; taskId: string }): Promise<string | undefined> {
  const action = await db
    .selectFrom('nc_actions')
    .select('id')
    .where('case_id', '=', task.caseId)
    .where('task_id', '=', task.taskId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return action?.id;
}

/** The cases an audit's findings opened, with their numbers. */
export async function listCaseNumbersOfAudit(db: DbOrTrx, auditId: string) {
  return db.selectFrom('nc_cases').select(['id', 'number']).where('audit_id', '=', auditId).execute();
}

/** Every case of an AIMS with what a management review's statistics need. */
export async function listCaseFactsOfAims(db: DbOrTrx, aimsId: string) {
  return db.selectFrom('nc_cases').select(['id', 'severity', 'source', 'status', 'raised_on', 'closed_at']).where('aims_id', '=', aimsId).execute();
}

/** Clauses and controls with a nonconformity raised after the last audit that covered them. */
export async function clausesWithNonconformitiesSinceAudited(db: DbOrTrx, aimsId: string): Promise<string[]> {
  const rows = await sql<{ item: string }>`
    select distinct c.clause_ref as item from nc_cases c
    where c.aims_id = ${aimsId} and c.clause_ref is not null
      and not exists (
        select 1 from audits a
        where a.aims_id = c.aims_id and a.status <> 'cancelled'
          and c.clause_ref = any(a.scope) and a.fieldwork_start > c.raised_on)
    order by 1`.execute(db);
  return rows.rows.map((r) => r.item);
}

export const CASE_SORTS = ['number', 'raised_on', 'severity', 'status', 'next_due'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseListQuery {
  aimsId?: string;
  /** The reach filter: cases of these AIMS only (undefined: no restriction). */
  aimsIds?: readonly string[];
  /** Cases the viewer owns or holds an open task of. */
  mineOf?: string;
  /** Cases with an open task past its due date in the AIMS's zone. */
  overdue?: boolean;
  severity?: string;
  source?: string;
  status?: string;
  ownerId?: string;
  /** The owner's department, as the people record has it. */
  department?: string;
  /** The clause or Annex A control the case was raised against. */
  clauseRef?: string;
  /** Raised on or after / on or before (calendar dates). */
  raisedFrom?: string;
  raisedTo?: string;
  /** Words found in the title, the description or the reference (NC-12). */
  q?: string;
  sort?: CaseSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** Escapes LIKE's wildcards so that a search for "50%" finds "50%". */
const likeLiteral = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The register's filters over `nc_cases` (joined with its AIMS and owner), shared by the page and its count. */
function filteredCases(db: DbOrTrx, now: Date, filter: Omit<CaseListQuery, 'limit' | 'offset' | 'sort' | 'order'>) {
  let query = db.selectFrom('nc_cases').innerJoin('aims', 'aims.id', 'nc_cases.aims_id').innerJoin('people as owner', 'owner.id', 'nc_cases.owner_id');
  if (filter.aimsId) query = query.where('nc_cases.aims_id', '=', filter.aimsId);
  if (filter.aimsIds) query = query.where(inAims('nc_cases.aims_id', filter.aimsIds));
  if (filter.severity) query = query.where('nc_cases.severity', '=', filter.severity as 'major');
  if (filter.source) query = query.where('nc_cases.source', '=', filter.source as 'other');
  if (filter.status) query = query.where('nc_cases.status', '=', filter.status as 'closed');
  if (filter.ownerId) query = query.where('nc_cases.owner_id', '=', filter.ownerId);
  if (filter.department) query = query.where('owner.department', '=', filter.department);
  if (filter.clauseRef) query = query.where('nc_cases.clause_ref', '=', filter.clauseRef);
  if (filter.raisedFrom) query = query.where('nc_cases.raised_on', '>=', filter.raisedFrom);
  if (filter.raisedTo) query = query.where('nc_cases.raised_on', '<=', filter.raisedTo);
  for (const word of filter.q?.split(/\s+/).filter(Boolean) ?? []) {
    const pattern = likeLiteral(word);
    query = query.where((eb) =>
      eb.or([
        eb('nc_cases.title', 'ilike', pattern),
        eb('nc_cases.description', 'ilike', pattern),
        eb(sql<string>`'NC-' || nc_cases.number::text`, 'ilike', pattern),
      ]),
    );
  }
  const viewerId = filter.mineOf;
  if (viewerId !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('nc_cases.owner_id', '=', viewerId),
        eb.exists(
          eb
            .selectFrom('tasks')
            .select('tasks.id')
            .whereRef('tasks.item_id', '=', 'nc_cases.id')
            .where('tasks.owner_id', '=', viewerId)
            .where('tasks.status', '=', 'open'),
        ),
      ]),
    );
  }
  if (filter.overdue) {
    query = query.where(
      sql<boolean>`exists (select 1 from tasks where tasks.item_id = nc_cases.id and tasks.status = 'open' and tasks.due_date < ${todayInAimsZone(now)}::date)`,
    );
  }
  return query;
}

/** A page of cases, sorted (newest number first by default), each with its next open due date and the AIMS's today. */
export async function listCaseRows(db: DbOrTrx, now: Date, filter: CaseListQuery) {
  const direction = filter.order ?? 'desc';
  const sortColumn = {
    number: sql`nc_cases.number`,
    raised_on: sql`nc_cases.raised_on`,
    severity: sql`nc_cases.severity`,
    status: sql`nc_cases.status`,
    next_due: sql`next_due_date`,
  }[filter.sort ?? 'number'];
  return filteredCases(db, now, filter)
    .select([
      'nc_cases.id',
      'nc_cases.number',
      'nc_cases.aims_id',
      'nc_cases.title',
      'nc_cases.source',
      'nc_cases.severity',
      'nc_cases.status',
      'nc_cases.owner_id',
      'nc_cases.raised_on',
      'nc_cases.clause_ref',
      (eb) =>
        eb
          .selectFrom('tasks')
          .select((t) => t.fn.min('tasks.due_date').as('d'))
          .whereRef('tasks.item_id', '=', 'nc_cases.id')
          .where('tasks.status', '=', 'open')
          .as('next_due_date'),
      todayInAimsZone(now).as('today'),
    ])
    .orderBy(sql`${sortColumn} ${sql.raw(direction === 'asc' ? 'asc nulls last' : 'desc nulls last')}`)
    .orderBy('nc_cases.number', direction)
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

/** How many cases the register's filters find (for paging). */
export async function countCaseRows(db: DbOrTrx, now: Date, filter: Omit<CaseListQuery, 'limit' | 'offset'>): Promise<number> {
  const row = await filteredCases(db, now, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Open cases (neither closed nor cancelled) of an AIMS with a clause or control, counted by reference and severity: the readiness facts. */
export async function countOpenCasesByRef(db: DbOrTrx, aimsId: string) {
  return db
    .selectFrom('nc_cases')
    .select(['clause_ref', 'severity', (eb) => eb.fn.countAll<string>().as('count')])
    .where('aims_id', '=', aimsId)
    .where('clause_ref', 'is not', null)
    .where('status', 'not in', ['closed', 'cancelled'])
    .groupBy(['clause_ref', 'severity'])
    .execute();
}

/** Every case of an AIMS in number order, with what does not change after it is raised: the register of an evidence package. */
export async function listCasesOfAimsByNumber(db: DbOrTrx, aimsId: string) {
  return db
    .selectFrom('nc_cases')
    .select(['id', 'number', 'title', 'severity', 'source', 'raised_on', 'clause_ref', 'status'])
    .where('aims_id', '=', aimsId)
    .orderBy('number')
    .execute();
}
