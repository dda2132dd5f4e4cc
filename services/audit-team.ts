import type { Db } from '../db/database';
import { activeIdsWithRoleOnAims } from '../db/repositories/memberships.repository';
import { findTeamMembers } from '../db/repositories/people.repository';

export interface AuditTeam {
  leadAuditorId: string;
  auditeeIds: string[];
}

/**
 * SPEC 9.2: auditors are objective; nobody audits their own department. Returns the reason a
 * team is refused, or null. Read from the record: by the audit's activity, and by a leaver's
 * deactivation before it hands a lead auditor's task over. The lead must hold the auditor role on
 * the audit's AIMS (a membership of its organisation, or of that AIMS): the role held in another
 * organisation does not count.
 */
export async function auditTeamProblem(db: Db, team: AuditTeam, aimsId: string | undefined): Promise<string | null> {
  const people = await findTeamMembers(db, [team.leadAuditorId, ...team.auditeeIds]);
  const lead = people.find((p) => p.id === team.leadAuditorId);
  if (!lead?.active) return 'the lead auditor is not an active person';
  // An audit not in the record yet has no AIMS to read: the home organisation's roles then.
  const auditor = aimsId ? (await activeIdsWithRoleOnAims(db, 'auditor', aimsId)).includes(lead.id) : lead.roles.includes('auditor');
  if (!auditor) return `${lead.name} does not hold the auditor role`;
  if (team.auditeeIds.includes(lead.id)) return 'the lead auditor cannot be one of the auditees';
  const missing = team.auditeeIds.filter((id) => !people.some((p) => p.id === id && p.active));
  if (missing.length > 0) return `no active person ${missing.join(', ')}`;
  const audited = new Set(
    people
      .filter((p) => team.auditeeIds.includes(p.id))
      .map((p) => p.department)
      .filter(Boolean),
  );
  if (lead.department && audited.has(lead.department)) {
    return `${lead.name} belongs to ${lead.department}, which this audit covers: nobody audits their own department`;
  }
  return null;
}
