import { sql } from 'kysely';
import { inAims } from '../aims-filter';
import type { DbOrTrx } from '../database';

// The overdue trend over `tasks`, counted by PostgreSQL. Split from task.repository.ts for size;
// it is the same record.

/**
 * How many tasks were overdue at the end of each of `days` (local dates, ascending), rebuilt from
 * the record: created then, not closed by then (both as local dates in the task's AIMS zone), and
 * past the due date then in force. The due date in force on a day is the original one until the
 * day the first extension was approved, then each approved date from the day of its decision
 * (an extension approved later does not count yet). Each task becomes the intervals of days it
 * was overdue; the count on a day is the running sum of their starts and ends, so the cost does
 * not grow with the number of weeks asked.
 *
 * `from` is the instant before the first day: a task closed before it cannot count.
 */
export async function countOverdueByDay(
  db: DbOrTrx,
  now: Date,
  days: readonly string[],
  from: Date,
  filter: { aimsId?: string; aimsIds?: readonly string[]; kind?: string },
): Promise<{ date: string; overdue: number }[]> {
  const lastDay = days.at(-1)!;
  let tasks = db
    .selectFrom('tasks')
    .innerJoin('aims', 'aims.id', 'tasks.aims_id')
    .select([
      'tasks.id',
      'tasks.due_date',
      'tasks.extensions',
      'aims.time_zone',
      sql<string>`(tasks.created_at at time zone aims.time_zone)::date`.as('created_on'),
      sql<string | null>`(tasks.completed_at at time zone aims.time_zone)::date`.as('closed_on'),
    ])
    .where('tasks.created_at', '<=', now)
    // Never overdue within the range: due on or after its last day, and never extended.
    .where((eb) => eb.or([eb('tasks.due_date', '<', lastDay), sql<boolean>`jsonb_array_length(tasks.extensions) > 0`]))
    // Open, or closed within the range: the two indexes of a bitmap OR (open tasks; completed_at).
    .where((eb) => eb.or([eb('tasks.status', '=', 'open'), eb('tasks.completed_at', '>=', from)]))
    .where((eb) => eb.or([eb('tasks.completed_at', 'is', null), eb('tasks.completed_at', '>=', from)]))
    // A cancelled task without a closing instant cannot be placed in time; leave it out.
    .where((eb) => eb.or([eb('tasks.status', '!=', 'cancelled'), eb('tasks.completed_at', 'is not', null)]));
  if (filter.aimsId) tasks = tasks.where('tasks.aims_id', '=', filter.aimsId);
  if (filter.aimsIds) tasks = tasks.where(inAims('tasks.aims_id', filter.aimsIds));
  if (filter.kind) tasks = tasks.where('tasks.item_type', '=', filter.kind);
  const { rows } = await sql<{ date: string; overdue: number }>`with t as (${tasks}),
    approved as (
      select t.id, (e->>'previousDueDate')::date as previous_due, (e->>'requestedDueDate')::date as requested_due,
        ((e->>'decidedAt')::timestamptz at time zone t.time_zone)::date as decided_on,
        row_number() over (partition by t.id order by (e->>'decidedAt')::timestamptz, n) as k
      from t cross join lateral jsonb_array_elements(t.extensions) with ordinality as x(e, n)
      where e->>'status' = 'approved' and e->>'decidedAt' is not null
    ),
    steps as (
      select t.created_on, t.closed_on, t.created_on as from_on, t.due_date as due, null::date as until_on
        from t where not exists (select 1 from approved a where a.id = t.id)
      union all
      select t.created_on, t.closed_on, t.created_on, a.previous_due, a.decided_on
        from t join approved a on a.id = t.id and a.k = 1
      union all
      select t.created_on, t.closed_on, a.decided_on, a.requested_due, lead(a.decided_on) over (partition by a.id order by a.k)
        from t join approved a on a.id = t.id
    ),
    intervals as (select greatest(created_on, from_on, due + 1) as lo, least(closed_on, until_on) as hi from steps),
    events as (
      select lo as on_day, 1 as delta from intervals where hi is null or lo < hi
      union all
      select hi, -1 from intervals where hi is not null and lo < hi
    ),
    running as (select on_day, sum(sum(delta)) over (order by on_day) as overdue from events group by on_day)
    select d.day::text as date,
      coalesce((select r.overdue from running r where r.on_day <= d.day order by r.on_day desc limit 1), 0)::int as overdue
    from unnest(${[...days]}::date[]) as d(day)
    order by d.day`.execute(db);
  return rows;
}
