import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { SupplierState } from '../../domain/supplier';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { startTaskItemWorkflow } from '../tasks/task-item-workflow';
import { openReview, registerSupplierCommands, type SupplierWorkflow } from './supplier.commands';
import * as def from './supplier.definitions';

/**
 * One AI-related supplier of an AIMS for as long as it is used: a review at the interval its
 * criticality sets (opened as the owner's task the policy's lead of working days before it is
 * due), each counted from the last; a failed review raises a nonconformity. Retirement cancels
 * every task and ends the workflow.
 */
export async function supplierWorkflow(input: def.SupplierInput): Promise<void> {
  const state = input.kind === 'continued' ? input.state : newSupplierState(input);
  const c = supplierKit(input, state);
  const { book, log, run } = c;
  registerSupplierCommands(c);

  if (input.kind === 'new') {
    c.change(input.actor, 'registered', null, { ...state.facts });
    const plan = await recordActivities.planSupplierReview({
      aimsId: state.aimsId,
      at: nowIso(),
      next: { criticality: state.facts.criticality, dueDate: input.supplier.firstReviewDue },
    });
    state.nextReview = plan.nextReview;
    await c.save();
    c.markRecorded();
  } else {
    for (const task of book.openTasks()) book.startTracking(task.id);
  }

  for (;;) {
    if (state.status === 'retired') {
      await condition(allHandlersFinished);
      return;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      state.tasks = Object.fromEntries(Object.entries(state.tasks).filter(([, t]) => t.status === 'open'));
      await continueAsNew<typeof supplierWorkflow>({ kind: 'continued', state, seq: log.seq });
    }
    const version = run.planVersion;
    const changed = () => run.planVersion !== version;
    const next = state.nextReview;
    if (!next) {
      await condition(changed);
      continue;
    }
    const wait = Date.parse(next.opensAt) - Date.now();
    if (wait > 0 && (await condition(changed, wait))) continue;
    if (changed()) continue;
    await c.attention.guard({ itemType: 'supplier', itemId: state.id, itemLabel: c.host.itemTitle(), step: 'open_review' }, () =>
      log.keepingChanges(() => openReview(c, next.dueDate))(),
    );
  }
}

function supplierKit(input: def.SupplierInput, state: SupplierState): SupplierWorkflow {
  const run = { planVersion: 0 };
  const kit = startTaskItemWorkflow({
    state,
    seq: input.kind === 'continued' ? input.seq : 0,
    recorded: input.kind === 'continued',
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: 'supplier', id: state.id },
    item: {
      itemType: 'supplier',
      itemId: state.id,
      itemRef: () => `SUP-${state.id.slice(0, 8)}`,
      itemTitle: () => `Supplier ${state.facts.name}`,
      itemPath: () => `/suppliers/${state.id}`,
    },
    stateQuery: def.supplierStateQuery,
    recordedUpdate: def.supplierRecordedUpdate,
    persist: recordActivities.saveSupplier,
    beforeSave: () => {
      run.planVersion += 1;
    },
  });
  return { ...kit, run };
}

function newSupplierState(input: Extract<def.SupplierInput, { kind: 'new' }>): SupplierState {
  return {
    id: input.supplier.id,
    aimsId: input.supplier.aimsId,
    workflowId: workflowInfo().workflowId,
    status: 'active',
    facts: input.supplier.facts,
    registeredAt: nowIso(),
    retiredAt: null,
    nextReview: null,
    reviewDue: null,
    reviews: [],
    version: 0,
    tasks: {},
  };
}
