import type { Actor } from '../../domain/actor';
import type { SupplierState } from '../../domain/supplier';
import { conflict, forbidden } from '../lib/failures';

// Pure rules of the supplier workflow: each check names the reason a command is refused.

const isManager = (actor: Actor) => actor.roles.includes('programme_manager');

export function assertActive(state: SupplierState): void {
  if (state.status === 'retired') throw conflict(`the supplier ${state.facts.name} is retired`);
}

/** Register facts and reviews: the supplier's owner or a programme manager. */
export function checkOwnerOrManager(state: SupplierState, actor: Actor, what: string): void {
  assertActive(state);
  if (actor.id !== state.facts.ownerId && !isManager(actor)) throw forbidden(`only the supplier's owner or a programme manager ${what}`);
}

export function checkRetire(state: SupplierState, actor: Actor): void {
  assertActive(state);
  if (!isManager(actor)) throw forbidden('only a programme manager retires a supplier');
}
