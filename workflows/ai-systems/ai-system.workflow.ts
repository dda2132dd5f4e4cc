import { workflowInfo } from '@temporalio/workflow';
import type { AiSystemState } from '../../domain/ai-system';
import { recordActivities } from '../lib/activities';
import { nowIso } from '../lib/now';
import { runRegisterEntry, startRegisterEntry } from '../tasks/register-entry-workflow';
import { openCycle, registerAiSystemCommands } from './ai-system.commands';
import * as def from './ai-system.definitions';

/**
 * One AI system of an AIMS, for as long as it is in service: its register entry, and its AI
 * risk and impact assessments (6.1.2, 6.1.4, 8.2, 8.4). Each planned assessment opens (its tasks
 * are created) the policy's lead of working days before it is due; a significant change opens
 * one at once. Once both are approved the next planned one counts from that day. Retirement
 * cancels every task and ends the workflow: nothing more is planned or sent.
 */
export function aiSystemWorkflow(input: def.AiSystemInput): Promise<void> {
  const state = input.kind === 'continued' ? input.state : newAiSystemState(input);
  const c = startRegisterEntry(input, state, {
    itemType: 'ai_system',
    refPrefix: 'AI',
    basePath: '/ai-systems',
    itemTitle: () => `AI system ${state.facts.name}`,
    stateQuery: def.aiSystemStateQuery,
    recordedUpdate: def.aiSystemRecordedUpdate,
    persist: recordActivities.saveAiSystem,
    persistPreparing: recordActivities.saveAiSystemPreparingTasks,
  });
  registerAiSystemCommands(c);
  return runRegisterEntry(c, input, {
    register: async ({ system, actor }) => {
      const plan = await recordActivities.planAiAssessment({
        aimsId: state.aimsId,
        at: nowIso(),
        planned: system.firstAssessmentDue ? { dueDate: system.firstAssessmentDue } : null,
      });
      if (plan.planned) {
        state.nextPlanned = plan.planned;
        await c.save();
      } else {
        // No date given: a system entering the register is assessed at once.
        await openCycle(c, actor, 'initial', null, plan.changeDue);
      }
    },
    // An open cycle is opened already: the next planned one waits for its completion.
    nextOpening: () => (state.current ? null : state.nextPlanned),
    open: { step: 'open_assessment', run: (due) => openCycle(c, null, 'planned', null, due) },
    waitsForSends: true,
  });
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
