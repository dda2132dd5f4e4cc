import { workflowInfo } from '@temporalio/workflow';
import type { DocumentState } from '../../domain/document';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { runRegisterEntry, startRegisterEntry } from '../tasks/register-entry-workflow';
import { openReview, registerDocumentCommands } from './document.commands';
import * as def from './document.definitions';

/**
 * One policy or procedure of an AIMS, from registration (a draft) to retirement: each version
 * approved by all its approvers, the next review planned from each approval at the document's
 * interval and opened (a task for the owner) the policy's lead of working days before it is due,
 * and each new version acknowledged by its audience. Retirement cancels every task and ends the
 * workflow: nothing more is planned or sent.
 */
export function documentWorkflow(input: def.DocumentInput): Promise<void> {
  const state = input.kind === 'continued' ? input.state : newDocumentState(input);
  const c = startRegisterEntry(input, state, {
    itemType: 'document',
    refPrefix: 'DOC',
    basePath: '/documents',
    itemTitle: () => `Document "${state.facts.title}"`,
    stateQuery: def.documentStateQuery,
    recordedUpdate: def.documentRecordedUpdate,
    persist: recordActivities.saveDocument,
    persistPreparing: recordActivities.saveDocumentPreparingTasks,
  });
  registerDocumentCommands(c);
  return runRegisterEntry(c, input, {
    // A draft: nothing is planned until a version is approved.
    register: () => c.save(),
    nextOpening: () => state.nextReview,
    open: { step: 'open_review', run: (due) => openReview(c, due) },
    waitsForSends: false,
  });
}

function newDocumentState(input: Extract<def.DocumentInput, { kind: 'new' }>): DocumentState {
  return {
    id: input.document.id,
    aimsId: input.document.aimsId,
    workflowId: workflowInfo().workflowId,
    status: 'draft',
    facts: input.document.facts,
    registeredAt: nowIso(),
    retiredAt: null,
    versions: [],
    nextReview: null,
    reviewDue: null,
    version: 0,
    tasks: {},
  };
}
