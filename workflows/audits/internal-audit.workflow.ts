import { workflowInfo, condition, allHandlersFinished } from '@temporalio/workflow';
import type { AuditState } from '../../domain/audit';
import { recordActivities } from '../lib/activities';
import { Attention } from '../lib/attention';
import { startTaskItemWorkflow } from '../tasks/task-item-workflow';
import * as def from './audit.definitions';
import { registerAuditCommands, type AuditWorkflow } from './internal-audit.commands';

/**
 * One internal audit (ISO/IEC 42001 9.2): the programme manager names an independent lead
 * auditor and the auditees, who are notified; the lead auditor records a result per scope item
 * during fieldwork; every nonconformity found opens a corrective-action case; the report goes
 * to management. Its tasks are TaskBook tasks, reminded and escalated like all others.
 */
export async function internalAuditWorkflow(input: def.AuditInput): Promise<AuditState> {
  const attention = new Attention({ workflowId: workflowInfo().workflowId, aimsId: input.aimsId });
  // Scope and dates come from the record; an occurrence that cannot be prepared waits for an operator.
  const prepared = await attention.guard(
    { itemType: 'audit', itemId: input.auditId, itemLabel: `Internal audit, fieldwork ${input.fieldworkStart}`, step: 'prepare_audit' },
    () =>
      recordActivities.prepareAudit({
        aimsId: input.aimsId,
        cadence: input.cadence,
        anchorDate: input.anchorDate,
        index: input.occurrenceIndex,
        fieldworkStart: input.fieldworkStart,
      }),
  );
  const state: AuditState = {
    id: input.auditId,
    aimsId: input.aimsId,
    workflowId: workflowInfo().workflowId,
    number: null,
    occurrenceIndex: input.occurrenceIndex,
    status: 'planning',
    scope: prepared.scope,
    fieldworkStart: input.fieldworkStart,
    fieldworkEnd: prepared.fieldworkEnd,
    fieldworkOpensAt: prepared.fieldworkOpensAt,
    leadAuditorId: null,
    auditeeIds: [],
    results: {},
    reportSummary: null,
    reportedAt: null,
    version: 0,
    tasks: {},
  };
  const audit: AuditWorkflow = {
    ...startTaskItemWorkflow({
      state,
      recorded: false,
      attention,
      entity: { type: 'audit', id: state.id },
      item: {
        itemType: 'audit',
        itemId: state.id,
        itemRef: () => (state.number === null ? 'IA' : `IA-${state.number}`),
        itemTitle: () => `Internal audit, fieldwork ${state.fieldworkStart} to ${state.fieldworkEnd}`,
        itemPath: () => `/audits/${state.id}`,
      },
      stateQuery: def.auditStateQuery,
      recordedUpdate: def.auditRecordedUpdate,
      recordedAnswer: () => ({ number: state.number! }),
      persist: recordActivities.saveAudit,
      persistPreparing: recordActivities.saveAuditPreparingTasks,
      afterSave: ({ number }) => {
        state.number = number;
      },
    }),
    reportDue: prepared.reportDue,
  };
  const { book, change, save } = audit;
  registerAuditCommands(audit);

  change(null, 'planned', null, { scope: state.scope, fieldworkStart: state.fieldworkStart, fieldworkEnd: state.fieldworkEnd });
  await save();
  const team = await book.create(
    {
      step: 'audit_team',
      title: 'Name the lead auditor and the auditees',
      owner: { programmeManager: true },
      deadline: { kind: 'date', dueDate: prepared.teamDue },
      approval: 'manager',
    },
    null,
  );
  await save();
  audit.markRecorded();
  await book.announce(team);

  await condition(() => state.status === 'reported' || state.status === 'cancelled');
  await condition(() => allHandlersFinished() && book.idle());
  return state;
}
