// External auditor access (issue #14): the certification body's auditor reads one AIMS for a
// period. Pure: the audits a grant can be for and how its default period follows from them.

/** The certification body's audits a grant can be for: the stages and the cycle's audits. */
export const CERTIFICATION_AUDITS = ['stage1', 'stage2', 'surveillance-1', 'surveillance-2', 'recertification'] as const;
export type CertificationAudit = (typeof CERTIFICATION_AUDITS)[number];

/** Days added before and after the audit's date for the default period. */
export const DEFAULT_MARGIN_DAYS = 7;
/** The longest period one grant may cover, in days (both ends included): access stays limited. */
export const MAX_GRANT_DAYS = 92;

/** What the certification record says of one audit's date: recorded, or else planned (its due date). */
export interface AuditDates {
  stage1: string | null;
  stage2: string | null;
  /** Recorded external audits of the current cycle. */
  recorded: readonly { kind: string; date: string }[];
  /** Planned external audits of the current cycle, by their latest date. */
  planned: readonly { kind: string; dueDate: string }[];
}

/** The date of an audit as the certification record knows it (the latest recorded, else the planned due date), if any. */
export function auditDate(dates: AuditDates, audit: CertificationAudit): string | undefined {
  if (audit === 'stage1') return dates.stage1 ?? undefined;
  if (audit === 'stage2') return dates.stage2 ?? undefined;
  const recorded = dates.recorded.filter((r) => r.kind === audit).map((r) => r.date);
  if (recorded.length) return [...recorded].sort().at(-1);
  return dates.planned.find((p) => p.kind === audit)?.dueDate;
}
