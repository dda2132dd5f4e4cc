/** The roles of SPEC.md "Who uses it". A person holds one or more. */
export const ROLES = ['programme_manager', 'auditor', 'action_owner', 'management', 'admin'] as const;
export type Role = (typeof ROLES)[number];
