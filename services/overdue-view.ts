import type { Db } from '../db/database';
import { AGE_BUCKETS, KIND_LABELS, TASK_KINDS, listOpenTasks, type ListedTask, type TaskListFilter } from './task-listing';

export const OVERDUE_GROUPINGS = ['owner', 'department', 'severity', 'kind', 'age'] as const;
export type OverdueGrouping = (typeof OVERDUE_GROUPINGS)[number];

export interface OverdueGroup {
  key: string;
  label: string;
  count: number;
  items: ListedTask[];
}

function groupKey(task: ListedTask, by: OverdueGrouping): { key: string; label: string } {
  switch (by) {
    case 'owner':
      return { key: task.ownerId, label: task.ownerName };
    case 'department':
      return { key: task.department ?? '', label: task.department ?? 'No department' };
    case 'severity':
      return {
        key: task.severity ?? '',
        label: task.severity ? `${task.severity[0]!.toUpperCase()}${task.severity.slice(1)} nonconformity` : 'Not a nonconformity',
      };
    case 'kind':
      return { key: task.kind, label: KIND_LABELS[task.kind] };
    case 'age':
      return { key: task.ageBucket!, label: `${task.ageBucket} days overdue` };
  }
}

/** Fixed orders where the groups have one (kinds, age buckets); otherwise the largest group first. */
function groupOrder(by: OverdueGrouping, a: OverdueGroup, b: OverdueGroup): number {
  if (by === 'age') return AGE_BUCKETS.indexOf(b.key as never) - AGE_BUCKETS.indexOf(a.key as never);
  if (by === 'kind') return TASK_KINDS.indexOf(a.key as never) - TASK_KINDS.indexOf(b.key as never);
  return b.count - a.count || a.label.localeCompare(b.label);
}

/** Groups keep their exact count but list at most `itemsPerGroup` items, the longest overdue first. */
export function groupOverdue(items: ListedTask[], by: OverdueGrouping, itemsPerGroup = Number.POSITIVE_INFINITY): OverdueGroup[] {
  const groups = new Map<string, OverdueGroup>();
  for (const item of items) {
    const { key, label } = groupKey(item, by);
    const group = groups.get(key) ?? { key, label, count: 0, items: [] };
    group.count += 1;
    if (group.items.length < itemsPerGroup) group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => groupOrder(by, a, b));
}

function countBy<K extends string>(items: ListedTask[], keyOf: (t: ListedTask) => K | null, keys: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const item of items) {
    const key = keyOf(item);
    if (key !== null) counts[key] += 1;
  }
  return counts;
}

/**
 * Every overdue task of every kind, the longest overdue first, grouped as asked, with counts by
 * kind, severity and age for the headline figures. Counts are always exact; a long group lists
 * its first items only, so a backlog of thousands stays a page a person can read.
 */
export async function overdueView(db: Db, now: Date, filter: Omit<TaskListFilter, 'overdueOnly'>, by: OverdueGrouping, itemsPerGroup?: number) {
  const items = (await listOpenTasks(db, now, { ...filter, overdueOnly: true })).sort(
    (a, b) => b.daysOverdue - a.daysOverdue || a.dueDate.localeCompare(b.dueDate),
  );
  return {
    asOf: now.toISOString(),
    total: items.length,
    counts: {
      kind: countBy(items, (t) => t.kind, TASK_KINDS),
      severity: countBy(items, (t) => t.severity, ['major', 'minor'] as const),
      age: countBy(items, (t) => t.ageBucket, AGE_BUCKETS),
    },
    groupedBy: by,
    groups: groupOverdue(items, by, itemsPerGroup),
  };
}
