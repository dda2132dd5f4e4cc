import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

/**
 * Indexes for the overdue view and trend at hundreds of thousands of tasks (issue #20).
 * `tasks_open_aims_due_idx`: open tasks by AIMS and due date, partial on `status = 'open'` (the
 * small, hot part of the table): "due before today in the AIMS's zone" is a range per AIMS.
 * `tasks_completed_at_idx`: the trend reads the tasks closed since its first week, beside the
 * open ones (the two make a bitmap OR); tasks never closed are left out of it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tasks_open_aims_due_idx').on('tasks').columns(['aims_id', 'due_date']).where(sql.ref('status'), '=', 'open').execute();
  await db.schema.createIndex('tasks_completed_at_idx').on('tasks').column('completed_at').where(sql.ref('completed_at'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_completed_at_idx').execute();
  await db.schema.dropIndex('tasks_open_aims_due_idx').execute();
}
