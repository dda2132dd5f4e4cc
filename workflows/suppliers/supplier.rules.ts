import type { SupplierState } from '../../domain/supplier';
import { registerEntryRules } from '../lib/register-entry-rules';

// Pure rules of the supplier workflow: each check names the reason a command is refused.

/** Register facts and reviews: the supplier's owner or a programme manager; retirement: a programme manager. */
export const { assertActive, checkOwnerOrManager, checkRetire } = registerEntryRules<SupplierState>({
  entry: (state) => `the supplier ${state.facts.name}`,
  ownerOf: "the supplier's",
  retires: 'a supplier',
});
