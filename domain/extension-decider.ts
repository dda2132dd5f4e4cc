import type { Role } from './roles';
import type { ApprovalLevel } from './task';

/** Who decides an extension of a task (SPEC: the manager for minor nonconformities, management for major ones). */
export type ExtensionDecider = { kind: 'management' } | { kind: 'manager'; personId: string } | { kind: 'programme_manager' };

/**
 * Management for steps of major nonconformities; otherwise the owner's manager, or a programme
 * manager when the owner has none. Pure: the workflows enforce it, the pages use it to show each
 * person the requests that wait for them.
 */
export function extensionDecider(approval: ApprovalLevel, ownerManagerId: string | null): ExtensionDecider {
  if (approval === 'management') return { kind: 'management' };
  return ownerManagerId ? { kind: 'manager', personId: ownerManagerId } : { kind: 'programme_manager' };
}

export function isExtensionDecider(decider: ExtensionDecider, person: { id: string; roles: readonly Role[] }): boolean {
  switch (decider.kind) {
    case 'management':
      return person.roles.includes('management');
    case 'manager':
      return person.id === decider.personId;
    case 'programme_manager':
      return person.roles.includes('programme_manager');
  }
}
