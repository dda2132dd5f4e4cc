import { workflowInfo } from '@temporalio/workflow';
import type { SupplierState } from '../../domain/supplier';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { runRegisterEntry, startRegisterEntry } from '../tasks/register-entry-workflow';
import { openReview, registerSupplierCommands } from './supplier.commands';
import * as def from './supplier.definitions';

/**
 * One AI-related supplier of an AIMS for as long as it is used: a review at the interval its
 * criticality sets (opened as the owner's task the policy's lead of working days before it is
 * due), each counted from the last; a failed review raises a nonconformity. Retirement cancels
 * every task and ends the workflow.
 */
export function supplierWorkflow(input: def.SupplierInput): Promise<void> {
  const state = input.kind === 'continued' ? input.state : newSupplierState(input);
  const c = startRegisterEntry(input, state, {
    itemType: 'supplier',
    refPrefix: 'SUP',
    basePath: '/suppliers',
    itemTitle: () => `Supplier ${state.facts.name}`,
    stateQuery: def.supplierStateQuery,
    recordedUpdate: def.supplierRecordedUpdate,
    persist: recordActivities.saveSupplier,
    persistPreparing: recordActivities.saveSupplierPreparingTasks,
  });
  registerSupplierCommands(c);
  return runRegisterEntry(c, input, {
    register: async ({ supplier }) => {
      const plan = await recordActivities.planSupplierReview({
        aimsId: state.aimsId,
        at: nowIso(),
        next: { criticality: state.facts.criticality, dueDate: supplier.firstReviewDue },
      });
      state.nextReview = plan.nextReview;
      await c.save();
    },
    nextOpening: () => state.nextReview,
    open: { step: 'open_review', run: (due) => openReview(c, due) },
    waitsForSends: false,
  });
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
