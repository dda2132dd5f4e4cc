import { allHandlersFinished, condition, continueAsNew, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { CADENCE_MONTHS } from '../../calendar/cadence';
import type { Actor } from '../../domain/actor';
import { auditWorkflowId, type ProgrammeState } from '../../domain/audit';
import { outboundActivities, recordActivities } from '../lib/activities';
import { Attention } from '../lib/attention';
import { ChangeLog } from '../lib/change-log';
import { Checkpoint } from '../lib/checkpoint';
import { commandRegistrar } from '../lib/commands';
import { conflict, forbidden, invalid } from '../lib/failures';
import { Mutex } from '../lib/mutex';
import * as def from './audit.definitions';

const nowIso = () => new Date(Date.now()).toISOString();

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
  const log = new ChangeLog(input.kind === 'continued' ? input.seq : 0);
  let recorded = input.kind === 'continued';
  let planVersion = 0; // bumped by every command: the sleeping loop plans again
  const checkpoint = new Checkpoint(state, log);
  const attention = new Attention({ workflowId: state.workflowId, aimsId: state.aimsId });
  const command = commandRegistrar(new Mutex(), () => recorded, checkpoint);
  const change = (actor: Actor | null, action: string, before: unknown, after: unknown) =>
    log.record({ actor, entityType: 'audit_programme', entityId: state.aimsId, action, before, after });
  async function save(): Promise<void> {
    state.version += 1;
    planVersion += 1;
    await recordActivities.saveProgramme({ state: JSON.parse(JSON.stringify(state)) as ProgrammeState, changes: log.take() });
    checkpoint.saved();
  }
  const assertManager = (actor: Actor) => {
    if (!actor.roles.includes('programme_manager')) throw forbidden('only a programme manager changes the audit programme');
  };
  const assertUpcoming = (index: number) => {
    if (!Number.isInteger(index) || index < state.nextIndex) throw conflict(`occurrence ${index} has started already; the next one is ${state.nextIndex}`);
  };

  setHandler(def.programmeStateQuery, () => state);
  setHandler(def.programmeRecordedUpdate, async () => {
    await condition(() => recorded);
  });

  command(def.pauseProgrammeUpdate, (actor) => {
    assertManager(actor);
    if (state.paused) throw conflict('the programme is paused already');
  }, async (actor, { reason }) => {
    state.paused = true;
    change(actor, 'paused', { paused: false }, { paused: true, reason });
    await save();
  });
  command(def.resumeProgrammeUpdate, (actor) => {
    assertManager(actor);
    if (!state.paused) throw conflict('the programme is not paused');
  }, async (actor, { reason }) => {
    state.paused = false;
    change(actor, 'resumed', { paused: true }, { paused: false, reason });
    await save();
  });
  command(def.moveOccurrenceUpdate, (actor, m) => {
    assertManager(actor);
    assertUpcoming(m.index);
  }, async (actor, m) => {
    const before = state.overrides[String(m.index)] ?? null;
    state.overrides[String(m.index)] = { movedTo: m.fieldworkStart, reason: m.reason };
    change(actor, 'occurrence_moved', before, { index: m.index, fieldworkStart: m.fieldworkStart, reason: m.reason });
    await save();
  });
  command(def.skipOccurrenceUpdate, (actor, s) => {
    assertManager(actor);
    assertUpcoming(s.index);
    if (state.overrides[String(s.index)]?.skipped) throw conflict(`occurrence ${s.index} is skipped already`);
  }, async (actor, s) => {
    const before = state.overrides[String(s.index)] ?? null;
    state.overrides[String(s.index)] = { skipped: true, reason: s.reason };
    change(actor, 'occurrence_skipped', before, { index: s.index, reason: s.reason });
    await save();
  });
  command(def.changeCadenceUpdate, (actor, c) => {
    assertManager(actor);
    if (c.cadence === state.cadence && c.anchorDate === state.anchorDate) throw invalid('that is the current cadence and anchor');
  }, async (actor, c) => {
    const before = { cadence: state.cadence, anchorDate: state.anchorDate };
    // A new cadence starts a new series from its anchor; earlier audits keep their ids.
    state.cadence = c.cadence;
    state.anchorDate = c.anchorDate;
    state.generation += 1;
    state.nextIndex = 0;
    state.overrides = {};
    change(actor, 'cadence_changed', before, { cadence: c.cadence, anchorDate: c.anchorDate, reason: c.reason });
    await save();
  });

  if (input.kind === 'new') {
    change(input.actor, 'created', null, { cadence: state.cadence, anchorDate: state.anchorDate });
    await save();
    recorded = true;
  }

  for (;;) {
    await condition(() => !state.paused);
    const version = planVersion;
    const changed = () => planVersion !== version || state.paused;
    // An occurrence that cannot be planned or saved waits for an operator; a command (a move,
    // a new cadence) retries it at once.
    const step = (name: string) => ({ itemType: 'audit_programme', itemId: `${state.generation}:${state.nextIndex}`, itemLabel: `Audit programme, occurrence ${state.nextIndex + 1}`, step: name });
    const next = await attention.guard(step('plan_occurrence'), () => recordActivities.planOccurrence({ ...state, index: state.nextIndex }), () => planVersion);
    if (changed()) continue;
    if (!next.skipped) {
      const wait = Date.parse(next.startAt) - Date.now();
      if (wait > 0 && (await condition(changed, wait))) continue;
      if (changed()) continue;
      await outboundActivities.startWorkflow({
        type: 'internalAuditWorkflow',
        workflowId: auditWorkflowId(state.aimsId, state.generation, next.index),
        args: [{ auditId: uuid4(), aimsId: state.aimsId, cadence: state.cadence, anchorDate: state.anchorDate, occurrenceIndex: next.index, fieldworkStart: next.fieldworkStart }],
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
