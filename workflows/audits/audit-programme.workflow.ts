import { allHandlersFinished, condition, continueAsNew, uuid4, workflowInfo } from '@temporalio/workflow';
import { CADENCE_MONTHS } from '../../domain/cadence';
import { auditWorkflowId, type ProgrammeState } from '../../domain/audit';
import { outboundActivities, recordActivities } from '../lib/activities';
import { startItemWorkflow } from '../lib/item-workflow';
import { nowIso } from '../lib/now';
import { registerProgrammeCommands } from './audit-programme.commands';
import * as def from './audit.definitions';

/**
 * The internal audit programme of one AIMS, for as long as the AIMS exists. It sleeps until each
 * occurrence's audit opens (the planning lead before fieldwork) and starts that audit's own
 * workflow. Pause, resume, moves, skips and cadence changes wake it at once to plan again. It
 * continues as new at each three-year cycle boundary, so its history stays small.
 */
export async function auditProgrammeWorkflow(input: def.ProgrammeInput): Promise<void> {
  const state: ProgrammeState =
    input.kind === 'continued'
      ? input.state
      : {
          aimsId: input.aimsId,
          workflowId: workflowInfo().workflowId,
          cadence: input.cadence,
          anchorDate: input.anchorDate,
          generation: 0,
          paused: false,
          nextIndex: 0,
          overrides: {},
          version: 0,
        };
  let planVersion = 0; // bumped by every save: the sleeping loop plans again
  const programme = startItemWorkflow({
    state,
    seq: input.kind === 'continued' ? input.seq : 0,
    recorded: input.kind === 'continued',
    attention: { workflowId: state.workflowId, aimsId: state.aimsId },
    entity: { type: 'audit_programme', id: state.aimsId },
    stateQuery: def.programmeStateQuery,
    recordedUpdate: def.programmeRecordedUpdate,
    persist: recordActivities.saveProgramme,
    beforeSave: () => {
      planVersion += 1;
    },
  });
  const { attention, change, log, save } = programme;
  registerProgrammeCommands(programme);

  if (input.kind === 'new') {
    change(input.actor, 'created', null, { cadence: state.cadence, anchorDate: state.anchorDate });
    await save();
    programme.markRecorded();
  }

  for (;;) {
    await condition(() => !state.paused);
    const version = planVersion;
    const changed = () => planVersion !== version || state.paused;
    // An occurrence that cannot be planned or saved waits for an operator; a command (a move,
    // a new cadence) retries it at once.
    const step = (name: string) => ({
      itemType: 'audit_programme',
      itemId: `${state.generation}:${state.nextIndex}`,
      itemLabel: `Audit programme, occurrence ${state.nextIndex + 1}`,
      step: name,
    });
    const next = await attention.guard(
      step('plan_occurrence'),
      () => recordActivities.planOccurrence({ ...state, index: state.nextIndex }),
      () => planVersion,
    );
    if (changed()) continue;
    if (!next.skipped) {
      const wait = Date.parse(next.startAt) - Date.now();
      if (wait > 0 && (await condition(changed, wait))) continue;
      if (changed()) continue;
      await outboundActivities.startWorkflow({
        type: 'internalAuditWorkflow',
        workflowId: auditWorkflowId(state.aimsId, state.generation, next.index),
        args: [
          {
            auditId: uuid4(),
            aimsId: state.aimsId,
            cadence: state.cadence,
            anchorDate: state.anchorDate,
            occurrenceIndex: next.index,
            fieldworkStart: next.fieldworkStart,
          },
        ],
      });
    }
    change(null, next.skipped ? 'occurrence_passed_skipped' : 'audit_opened', null, { index: next.index, fieldworkStart: next.fieldworkStart, at: nowIso() });
    state.nextIndex += 1;
    await attention.guard(step('save_programme'), log.keepingChanges(save));
    // A three-year cycle boundary (or a long history): carry the state into a fresh run.
    if (state.nextIndex % (36 / CADENCE_MONTHS[state.cadence]) === 0 || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof auditProgrammeWorkflow>({ kind: 'continued', state, seq: log.seq });
    }
  }
}
