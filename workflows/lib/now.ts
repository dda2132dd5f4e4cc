/**
 * The workflow's current instant as an ISO string. `Date.now()` inside a workflow is the time of
 * the activation being processed (deterministic on replay), so every record the workflow stamps
 * agrees with its history.
 */
export const nowIso = (): string => new Date(Date.now()).toISOString();
