import type { TaskRow } from '../db/tables/tasks.table';

/** A task as the API answers it in any item's detail: `today` is the date in its AIMS's zone. */
export function toTaskDto(t: TaskRow, today: string) {
  return {
    id: t.id,
    itemType: t.item_type,
    itemId: t.item_id,
    step: t.step,
    title: t.title,
    ownerId: t.owner_id,
    dueDate: t.due_date,
    status: t.status,
    overdue: t.status === 'open' && t.due_date < today,
    approval: t.approval,
    extensions: t.extensions,
    completedAt: t.completed_at?.toISOString() ?? null,
  };
}
