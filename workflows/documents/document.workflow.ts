import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { DocumentState } from '../../domain/document';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { startTaskItemWorkflow } from '../tasks/task-item-workflow';
import { openReview, registerDocumentCommands, type DocumentWorkflow } from './document.commands';
import * as def from './document.definitions';

/**
 * One policy or procedure of an AIMS, from registration (a draft) to retirement: each version
 * approved by all its approvers, the next review planned from each approval at the document's
 * interval and opened (a task for the owner) the policy's lead of working days before it is due,
 * and each new version acknowledged by its audience. Retirement cancels every task and ends the
 * workflow: nothing more is planned or sent.
 */
export async function documentWorkflow(input: def.DocumentInput): Promise<void> {
  const state = input.kind === 'continued' ? input.state : newDocumentState(input);
  const c = documentKit(input, state);
  const { book, log, run } = c;
  registerDocumentCommands(c);

  if (input.kind === 'new') {
    c.change(input.actor, 'registered', null, { ...state.facts });
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
      await continueAsNew<typeof documentWorkflow>({ kind: 'continued', state, seq: log.seq });
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
    await c.attention.guard({ itemType: 'document', itemId: state.id, itemLabel: c.host.itemTitle(), step: 'open_review' }, () =>
      log.keepingChanges(() => openReview(c, next.dueDate))(),
    );
  }
}

function documentKit(input: def.DocumentInput, state: DocumentState): DocumentWorkflow {
  const run = { planVersion: 0 };
  const kit = startTaskItemWorkflow({
    state,
    seq: input.kind === 'continued' ? input.seq : 0,
    recorded: input.kind === 'continued',
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: 'document', id: state.id },
    item: {
      itemType: 'document',
      itemId: state.id,
      itemRef: () => `DOC-${state.id.slice(0, 8)}`,
      itemTitle: () => `Document "${state.facts.title}"`,
      itemPath: () => `/documents/${state.id}`,
    },
    stateQuery: def.documentStateQuery,
    recordedUpdate: def.documentRecordedUpdate,
    persist: recordActivities.saveDocument,
    beforeSave: () => {
      run.planVersion += 1;
    },
  });
  return { ...kit, run };
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
