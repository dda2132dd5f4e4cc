import type { Actor } from '../../domain/actor';
import type { Cadence, ProgrammeState } from '../../domain/audit';
import type { ItemWorkflow } from '../lib/item-workflow';
import * as def from './audit.definitions';
import * as rules from './audit-programme.rules';

type Programme = ItemWorkflow<ProgrammeState>;

/** The programme's commands; each save wakes the sleeping loop to plan again. */
export function registerProgrammeCommands(p: Programme): void {
  const { state, command } = p;
  command(
    def.pauseProgrammeUpdate,
    (actor) => rules.checkPause(state, actor),
    (actor, { reason }) => setPaused(p, actor, true, reason),
  );
  command(
    def.resumeProgrammeUpdate,
    (actor) => rules.checkResume(state, actor),
    (actor, { reason }) => setPaused(p, actor, false, reason),
  );
  command(
    def.moveOccurrenceUpdate,
    (actor, m) => rules.checkMove(state, actor, m.index),
    (actor, m) => moveOccurrence(p, actor, m),
  );
  command(
    def.skipOccurrenceUpdate,
    (actor, s) => rules.checkSkip(state, actor, s.index),
    (actor, s) => skipOccurrence(p, actor, s),
  );
  command(
    def.changeCadenceUpdate,
    (actor, c) => rules.checkCadenceChange(state, actor, c),
    (actor, c) => changeCadence(p, actor, c),
  );
}

async function setPaused({ state, change, save }: Programme, actor: Actor, paused: boolean, reason: string) {
  state.paused = paused;
  change(actor, paused ? 'paused' : 'resumed', { paused: !paused }, { paused, reason });
  await save();
}

async function moveOccurrence({ state, change, save }: Programme, actor: Actor, m: { index: number; fieldworkStart: string; reason: string }) {
  const before = state.overrides[String(m.index)] ?? null;
  state.overrides[String(m.index)] = { movedTo: m.fieldworkStart, reason: m.reason };
  change(actor, 'occurrence_moved', before, { index: m.index, fieldworkStart: m.fieldworkStart, reason: m.reason });
  await save();
}

async function skipOccurrence({ state, change, save }: Programme, actor: Actor, s: { index: number; reason: string }) {
  const before = state.overrides[String(s.index)] ?? null;
  state.overrides[String(s.index)] = { skipped: true, reason: s.reason };
  change(actor, 'occurrence_skipped', before, { index: s.index, reason: s.reason });
  await save();
}

async function changeCadence({ state, change, save }: Programme, actor: Actor, c: { cadence: Cadence; anchorDate: string; reason: string }) {
  const before = { cadence: state.cadence, anchorDate: state.anchorDate };
  // A new cadence starts a new series from its anchor; earlier audits keep their ids.
  state.cadence = c.cadence;
  state.anchorDate = c.anchorDate;
  state.generation += 1;
  state.nextIndex = 0;
  state.overrides = {};
  change(actor, 'cadence_changed', before, { cadence: c.cadence, anchorDate: c.anchorDate, reason: c.reason });
  await save();
}
