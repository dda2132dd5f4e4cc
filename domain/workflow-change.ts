/**
 * One entry of the audit trail as a workflow describes it; `seq` (the workflow's change number)
 * makes appending it idempotent. Workflows produce them, the save protocol writes them.
 */
export interface WorkflowChange {
  seq: number;
  actorId: string | null;
  actorLabel: string;
  at: string;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
}
