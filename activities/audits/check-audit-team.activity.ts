import type { Db } from '../../db/database';
import { findTeamMembers } from '../../db/repositories/people.repository';

/**
 * SPEC 9.2: auditors are objective; nobody audits their own department. Returns the reason a
 * team is refused, or null. An activity, as it reads departments and roles from the record.
 */
export function createCheckAuditTeam({ db }: { db: Db }) {
  return async function checkAuditTeam(input: { leadAuditorId: string; auditeeIds: string[] }): Promise<string | null> {
    const people = await findTeamMembers(db, [input.leadAuditorId, ...input.auditeeIds]);
    const lead = people.find((p) => p.id === input.leadAuditorId);
    if (!lead?.active) return 'the lead auditor is not an active person';
    if (!lead.roles.includes('auditor')) return `${lead.name} does not hold the auditor role`;
    if (input.auditeeIds.includes(lead.id)) return 'the lead auditor cannot be one of the auditees';
    const missing = input.auditeeIds.filter((id) => !people.some((p) => p.id === id && p.active));
    if (missing.length > 0) return `no active person ${missing.join(', ')}`;
    const audited = new Set(
      people
        .filter((p) => input.auditeeIds.includes(p.id))
        .map((p) => p.department)
        .filter(Boolean),
    );
    if (lead.department && audited.has(lead.department)) {
      return `${lead.name} belongs to ${lead.department}, which this audit covers: nobody audits their own department`;
    }
    return null;
  };
}
