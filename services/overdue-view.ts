import type { DbOrTrx } from '../db/database';
import {
  countOverdueTasks,
  listOverduePage,
  type OverdueGrouping,
  type OverduePosition,
  type OverdueVocabulary,
} from '../db/repositories/task-overdue.repository';
import { AGE_BUCKETS, BUCKET_RANGES, KIND_LABELS, TASK_KINDS, toListedTask, type ListedTask, type TaskListFilter } from './task-listing';

export const OVERDUE_GROUPINGS = ['owner', 'department', 'severity', 'kind', 'age'] as const satisfies readonly OverdueGrouping[];
export type { OverdueGrouping } from '../db/repositories/task-overdue.repository';

export interface OverdueGroup {
  key: string;
  label: string;
  count: number;
  items: ListedTask[];
}

/** Where the next page starts: the last item's place in the view's order, for the grouping it was made under. */
export type OverdueCursor = OverduePosition & { groupBy: OverdueGrouping };

export type OverdueFilter = Omit<TaskListFilter, 'overdueOnly' | 'taskId' | 'pendingExtension'>;

const VOCABULARY: OverdueVocabulary = {
  kinds: TASK_KINDS,
  ageBuckets: [...AGE_BUCKETS].reverse().map((key) => ({ key, from: BUCKET_RANGES[key][0], to: BUCKET_RANGES[key][1] })),
};

function labelOf(by: OverdueGrouping, key: string, first: ListedTask): string {
  switch (by) {
    case 'owner':
      return first.ownerName;
    case 'department':
      return key || 'No department';
    case 'severity':
      return key ? `${key[0]!.toUpperCase()}${key.slice(1)} nonconformity` : 'Not a nonconformity';
    case 'kind':
      return KIND_LABELS[key as (typeof TASK_KINDS)[number]];
    case 'age':
      return `${key} days overdue`;
  }
}

function countsOf<K extends string>(keys: readonly K[], counted: Record<string, number>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, counted[k] ?? 0])) as Record<K, number>;
}

/**
 * One page of the overdue tasks of every kind, grouped as asked, with the headline figures of the
 * whole selection (by kind, severity and age) and each group's exact count. PostgreSQL groups,
 * counts and pages (`task-overdue.repository.ts`), so the answer is a page however large the
 * backlog: `limit` tasks in the view's order (groups in their order, then the longest overdue
 * first), and `nextCursor` where the next page starts.
 */
export async function overdueView(db: DbOrTrx, now: Date, filter: OverdueFilter, by: OverdueGrouping, page: { limit: number; after?: OverdueCursor }) {
  const repositoryFilter = { ...filter, daysLateBetween: filter.age ? BUCKET_RANGES[filter.age] : undefined };
  const [figures, rows] = await Promise.all([
    countOverdueTasks(db, now, repositoryFilter, by, VOCABULARY),
    listOverduePage(db, now, repositoryFilter, by, VOCABULARY, { limit: page.limit, after: page.after }),
  ]);
  const onPage = rows.slice(0, page.limit);
  const groups: OverdueGroup[] = [];
  for (const row of onPage) {
    const item = toListedTask(row);
    const last = groups.at(-1);
    if (last?.key === row.group_key) last.items.push(item);
    else groups.push({ key: row.group_key, label: labelOf(by, row.group_key, item), count: row.group_count, items: [item] });
  }
  const end = onPage.at(-1);
  const next: OverdueCursor | null =
    rows.length > page.limit && end
      ? { groupBy: by, rank: end.rank, name: end.name, groupKey: end.group_key, daysLate: Number(end.days_late), dueDate: end.due_date, id: end.id }
      : null;
  return {
    asOf: now.toISOString(),
    total: figures.total,
    counts: {
      kind: countsOf(TASK_KINDS, figures.by_kind),
      severity: countsOf(['major', 'minor'] as const, figures.by_severity),
      age: countsOf(AGE_BUCKETS, figures.by_age),
    },
    groupedBy: by,
    groupCount: figures.group_count,
    groups,
    next,
  };
}

/** Every overdue task of the selection, page by page in the view's order: what the report's files hold. */
export async function* everyOverdueTask(db: DbOrTrx, now: Date, filter: OverdueFilter, by: OverdueGrouping, pageSize = 1000) {
  let after: OverdueCursor | undefined;
  do {
    const view = await overdueView(db, now, filter, by, { limit: pageSize, after });
    yield view;
    after = view.next ?? undefined;
  } while (after);
}
