import { sql, type RawBuilder } from 'kysely';
import type { DbOrTrx } from '../database';
import { openTaskRowsQuery, type OpenTaskQuery } from './task.repository';

// The overdue view of `tasks`, grouped, counted and paged by PostgreSQL: an answer is one page
// however large the backlog. Split from task.repository.ts for size; it is the same record.

export type OverdueGrouping = 'owner' | 'department' | 'severity' | 'kind' | 'age';

/** The caller's vocabulary (kinds in display order, age buckets oldest first): the database knows neither. */
export interface OverdueVocabulary {
  kinds: readonly string[];
  /** Buckets of days late, oldest first, each with both ends included. */
  ageBuckets: readonly { key: string; from: number; to: number }[];
}

/**
 * Where the last item of a page sits in the view's order: (group rank, group name, group key,
 * days late descending, due date, id). The next page starts strictly after it.
 */
export interface OverduePosition {
  rank: number;
  name: string;
  groupKey: string;
  daysLate: number;
  dueDate: string;
  id: string;
}

function ageKeyOf(vocabulary: OverdueVocabulary): RawBuilder<string> {
  const cases = vocabulary.ageBuckets.map((b) => sql`when overdue.days_late between ${b.from}::int and ${b.to}::int then ${b.key}::text`);
  return sql<string>`case ${sql.join(cases, sql` `)} end`;
}

function groupKeyOf(by: OverdueGrouping, vocabulary: OverdueVocabulary): RawBuilder<string> {
  switch (by) {
    case 'owner':
      return sql<string>`overdue.owner_id::text`;
    case 'department':
      return sql<string>`coalesce(overdue.department, '')`;
    case 'severity':
      return sql<string>`coalesce(overdue.severity, '')`;
    case 'kind':
      return sql<string>`overdue.item_type`;
    case 'age':
      return ageKeyOf(vocabulary);
  }
}

/** Fixed orders where the groups have one (kinds, age buckets); otherwise the largest group first, then by name. */
function rankAndName(by: OverdueGrouping, vocabulary: OverdueVocabulary): { rank: RawBuilder<number>; name: RawBuilder<string> } {
  switch (by) {
    case 'kind':
      return { rank: sql<number>`array_position(${[...vocabulary.kinds]}::text[], keyed.group_key)`, name: sql<string>`''` };
    case 'age':
      return { rank: sql<number>`array_position(${vocabulary.ageBuckets.map((b) => b.key)}::text[], keyed.group_key)`, name: sql<string>`''` };
    case 'owner':
      return { rank: sql<number>`-groups.group_count`, name: sql<string>`keyed.owner_name` };
    default:
      return { rank: sql<number>`-groups.group_count`, name: sql<string>`keyed.group_key` };
  }
}

type OverdueFilter = Omit<OpenTaskQuery, 'overdueOnly' | 'taskId' | 'pendingExtension'>;

/**
 * The headline figures of the overdue tasks the filter finds: how many, by kind, severity and age
 * bucket, and how many groups the grouping makes. One statement.
 */
export async function countOverdueTasks(db: DbOrTrx, now: Date, filter: OverdueFilter, by: OverdueGrouping, vocabulary: OverdueVocabulary) {
  const overdue = openTaskRowsQuery(db, now, { ...filter, overdueOnly: true });
  const { rows } = await sql<{
    total: number;
    group_count: number;
    by_kind: Record<string, number>;
    by_severity: Record<string, number>;
    by_age: Record<string, number>;
  }>`with overdue as (${overdue}),
    keyed as (select overdue.item_type, overdue.severity, ${ageKeyOf(vocabulary)} as age_key, ${groupKeyOf(by, vocabulary)} as group_key from overdue)
    select (select count(*)::int from keyed) as total,
      (select count(distinct group_key)::int from keyed) as group_count,
      (select coalesce(jsonb_object_agg(item_type, n), '{}') from (select item_type, count(*)::int as n from keyed group by item_type) x) as by_kind,
      (select coalesce(jsonb_object_agg(severity, n), '{}') from (select severity, count(*)::int as n from keyed where severity is not null group by severity) x) as by_severity,
      (select coalesce(jsonb_object_agg(age_key, n), '{}') from (select age_key, count(*)::int as n from keyed where age_key is not null group by age_key) x) as by_age`.execute(
    db,
  );
  return rows[0]!;
}

/**
 * One page of overdue tasks in the view's order (groups in their order, then the longest overdue
 * first, then by due date and id), each with its group's key and exact count, starting after
 * `after`. Reads `limit + 1` rows so the caller knows whether another page follows.
 */
export async function listOverduePage(
  db: DbOrTrx,
  now: Date,
  filter: OverdueFilter,
  by: OverdueGrouping,
  vocabulary: OverdueVocabulary,
  page: { after?: OverduePosition; limit: number },
) {
  const overdue = openTaskRowsQuery(db, now, { ...filter, overdueOnly: true });
  const { rank, name } = rankAndName(by, vocabulary);
  const after = page.after
    ? sql`where (rank, name, group_key, -days_late, due_date, id) > (${page.after.rank}::int, ${page.after.name}::text, ${page.after.groupKey}::text, ${-page.after.daysLate}::int, ${page.after.dueDate}::date, ${page.after.id}::uuid)`
    : sql``;
  type Row = Awaited<ReturnType<typeof overdue.execute>>[number] & { group_key: string; group_count: number; rank: number; name: string };
  const { rows } = await sql<Row>`with overdue as (${overdue}),
    keyed as (select overdue.*, ${groupKeyOf(by, vocabulary)} as group_key from overdue),
    groups as (select group_key, count(*)::int as group_count from keyed group by group_key),
    ranked as (select keyed.*, groups.group_count, ${rank}::int as rank, ${name}::text as name from keyed join groups using (group_key))
    select * from ranked ${after}
    order by rank, name, group_key, days_late desc, due_date, id
    limit ${page.limit + 1}::int`.execute(db);
  return rows;
}
