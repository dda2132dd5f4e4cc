import type { Actor } from '../../domain/actor';
import type { Cadence, ProgrammeState } from '../../domain/audit';
import { conflict, forbidden, invalid } from '../lib/failures';

// Pure checks of the audit programme's commands: each names the reason a command is refused.

function assertManager(actor: Actor): void {
  if (!actor.roles.includes('programme_manager')) throw forbidden('only a programme manager changes the audit programme');
}

/** Only occurrences whose audit has not started yet can be moved or skipped. */
function assertUpcoming(state: ProgrammeState, index: number): void {
  if (!Number.isInteger(index) || index < state.nextIndex) throw conflict(`occurrence ${index} has started already; the next one is ${state.nextIndex}`);
}

export function checkPause(state: ProgrammeState, actor: Actor): void {
  assertManager(actor);
  if (state.paused) throw conflict('the programme is paused already');
}

export function checkResume(state: ProgrammeState, actor: Actor): void {
  assertManager(actor);
  if (!state.paused) throw conflict('the programme is not paused');
}

export function checkMove(state: ProgrammeState, actor: Actor, index: number): void {
  assertManager(actor);
  assertUpcoming(state, index);
}

export function checkSkip(state: ProgrammeState, actor: Actor, index: number): void {
  assertManager(actor);
  assertUpcoming(state, index);
  if (state.overrides[String(index)]?.skipped) throw conflict(`occurrence ${index} is skipped already`);
}

export function checkCadenceChange(state: ProgrammeState, actor: Actor, c: { cadence: Cadence; anchorDate: string }): void {
  assertManager(actor);
  if (c.cadence === state.cadence && c.anchorDate === state.anchorDate) throw invalid('that is the current cadence and anchor');
}
