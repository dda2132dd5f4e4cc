import type { ColumnType, Selectable } from 'kysely';
import type { ApprovalLevel, ExtensionRequest, TaskStatus } from '../../domain/task';

/** Read model of every open and past task, written by the workflow that owns it. */
export interface TasksTable {
  id: string;
  aims_id: string;
  workflow_id: string;
  item_type: string;
  item_id: string;
  step: string;
  title: string;
  owner_id: string;
  due_date: string;
  status: TaskStatus;
  approval: ApprovalLevel;
  extensions: ColumnType<ExtensionRequest[], string, string>;
  created_at: Date;
  completed_at: Date | null;
  version: number;
}

export type TaskRow = Selectable<TasksTable>;
