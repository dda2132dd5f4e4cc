import { sql, type Kysely } from 'kysely';

// Frozen: a migration never imports application code, so it means the same thing forever.

/**
 * Each corrective action names the task that tracks it, so pages find an action by its task
 * instead of by matching title and owner. No foreign key: the case's save writes its actions
 * before its tasks in one transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('nc_actions').addColumn('task_id', 'uuid').execute();
  await db.schema.createIndex('nc_actions_task_idx').on('nc_actions').column('task_id').unique().execute();
  // Backfill: every save copies the task's owner, due date and status onto its action, so an
  // action's task is the case's `action` task with the same title, owner, due date and status.
  // Actions alike in all of these are paired with such tasks in order (iteration, creation).
  await sql`
    update nc_actions set task_id = paired.task_id
    from (
      select a.id as action_id, t.id as task_id
      from (
        select id, case_id, title, owner_id, due_date, status,
          row_number() over (partition by case_id, title, owner_id, due_date, status order by iteration, id) as n
        from nc_actions
      ) a
      join (
        select id, item_id, title, owner_id, due_date, status,
          row_number() over (partition by item_id, title, owner_id, due_date, status order by created_at, id) as n
        from tasks where item_type = 'nc_case' and step = 'action'
      ) t on t.item_id = a.case_id and t.title = a.title and t.owner_id = a.owner_id and t.due_date = a.due_date and t.status = a.status and t.n = a.n
    ) paired
    where nc_actions.id = paired.action_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('nc_actions').dropColumn('task_id').execute();
}
