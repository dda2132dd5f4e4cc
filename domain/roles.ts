/** The roles of SPEC.md "Who uses it". A person holds one or more. */
export const ROLES = ['programme_manager', 'auditor', 'action_owner', 'management', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who sees everyone's open and overdue tasks: the people who chase them. */
export const OVERSIGHT_ROLES: readonly Role[] = ['programme_manager', 'management'];
