import type { Actor } from '../../domain/actor';
import { conflict, forbidden } from './failures';

/** What the guards read of a register entry (an AI system, a document, a supplier). */
export interface RegisterEntryState {
  status: string;
  facts: { ownerId: string };
}

/** How the refusals name the entry, so that each register keeps its own wording. */
export interface RegisterEntryWording<S> {
  /** The entry itself, as in `the supplier ModelCo`: "… is retired". */
  entry: (state: S) => string;
  /** Whose owner, as in `the system's`: "only the system's owner or a programme manager …". */
  ownerOf: string;
  /** What is retired, as in `an AI system`: "only a programme manager retires an AI system". */
  retires: string;
}

export const isProgrammeManager = (actor: Actor): boolean => actor.roles.includes('programme_manager');

/**
 * The guards every register entry's commands share: nothing is done to a retired entry, its
 * register facts are the owner's or a programme manager's, and only a programme manager retires it.
 *
 * @example
 * const { assertActive, checkOwnerOrManager, checkRetire } = registerEntryRules<SupplierState>({
 *   entry: (s) => `the supplier ${s.facts.name}`, ownerOf: "the supplier's", retires: 'a supplier',
 * });
 */
export function registerEntryRules<S extends RegisterEntryState>(wording: RegisterEntryWording<S>) {
  function assertActive(state: S): void {
    if (state.status === 'retired') throw conflict(`${wording.entry(state)} is retired`);
  }
  return {
    assertActive,
    checkOwnerOrManager(state: S, actor: Actor, what: string): void {
      assertActive(state);
      if (actor.id !== state.facts.ownerId && !isProgrammeManager(actor)) throw forbidden(`only ${wording.ownerOf} owner or a programme manager ${what}`);
    },
    checkRetire(state: S, actor: Actor): void {
      assertActive(state);
      if (!isProgrammeManager(actor)) throw forbidden(`only a programme manager retires ${wording.retires}`);
    },
  };
}
