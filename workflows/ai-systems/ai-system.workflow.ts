import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { AiSystemState } from '../../domain/ai-system';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { startTaskItemWorkflow } from '../tasks/task-item-workflow';
import { openCycle, registerAiSystemCommands, type AiSystemWorkflow } from './ai-system.commands';
import * as def from './ai-system.definitions';

/**
 * One AI system of an AIMS, for as long as it is in service: its register entry, and its AI
 * risk and impact assessments (6.1.2, 6.1.4, 8.2, 8.4). Each planned assessment opens (its tasks
 * are created) the policy's lead of working days before it is due; a significant change opens
 * one at once. Once both are approved the next planned one counts from that day. Retirement
 * cancels every task and ends the workflow: nothing more is planned or sent.
 */
export async function aiSystemWorkflow(input: def.AiSystemInput): Promise<void> {
  const state = input.kind === 'continued' ? input.state : newAiSystemState(input);
  const c = aiSystemKit(input, state);
  const { book, log, run } = c;
  registerAiSystemCommands(c);

  if (input.kind === 'new') {
    c.change(input.actor, 'registered', null, { ...state.facts });
    const plan = await recordActivities.planAiAssessment({
      aimsId: state.aimsId,
      at: nowIso(),
      planned: input.system.firstAssessmentDue ? { dueDate: input.system.firstAssessmentDue } : null,
    });
    if (plan.planned) {
      state.nextPlanned = plan.planned;
      await c.save();
      c.markRecorded();
    } else {
      // No date given: a system entering the register is assessed at once.
      await openCycle(c, input.actor, 'initial', null, plan.changeDue);
      c.markRecorded();
    }
  } else {
    for (const task of book.openTasks()) book.startTracking(task.id);
  }

  for (;;) {
    if (state.status === 'retired') {
      await condition(() => allHandlersFinished() && book.idle());
      return;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(() => allHandlersFinished() && book.idle());
      state.tasks = Object.fromEntries(Object.entries(state.tasks).filter(([, t]) => t.status === 'open'));
      await continueAsNew<typeof aiSystemWorkflow>({ kind: 'continued', state, seq: log.seq });
    }
    const version = run.planVersion;
    const changed = () => run.planVersion !== version;
    const next = state.current ? null : state.nextPlanned;
    if (!next) {
      await condition(changed);
      continue;
    }
    const wait = Date.parse(next.opensAt) - Date.now();
    if (wait > 0 && (await condition(changed, wait))) continue;
    if (changed()) continue;
    // Opening waits for an operator if its tasks cannot be prepared or saved; commands go on.
    await c.attention.guard({ itemType: 'ai_system', itemId: state.id, itemLabel: c.host.itemTitle(), step: 'open_assessment' }, () =>
      log.keepingChanges(() => openCycle(c, null, 'planned', null, next.dueDate))(),
    );
  }
}

function aiSystemKit(input: def.AiSystemInput, state: AiSystemState): AiSystemWorkflow {
  const run = { planVersion: 0 };
  const kit = startTaskItemWorkflow({
    state,
    seq: input.kind === 'continued' ? input.seq : 0,
    recorded: input.kind === 'continued',
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: 'ai_system', id: state.id },
    item: {
      itemType: 'ai_system',
      itemId: state.id,
      itemRef: () => `AI-${state.id.slice(0, 8)}`,
      itemTitle: () => `AI system ${state.facts.name}`,
      itemPath: () => `/ai-systems/${state.id}`,
    },
    stateQuery: def.aiSystemStateQuery,
    recordedUpdate: def.aiSystemRecordedUpdate,
    persist: recordActivities.saveAiSystem,
    beforeSave: () => {
      run.planVersion += 1;
    },
  });
  return { ...kit, run };
}

function newAiSystemState(input: Extract<def.AiSystemInput, { kind: 'new' }>): AiSystemState {
  return {
    id: input.system.id,
    aimsId: input.system.aimsId,
    workflowId: workflowInfo().workflowId,
    status: 'active',
    facts: input.system.facts,
    registeredAt: nowIso(),
    retiredAt: null,
    nextPlanned: null,
    current: null,
    completed: [],
    changes: [],
    version: 0,
    tasks: {},
  };
}
