import { missingRow } from '../classify-failure';
import { findAuditWithProgrammeManager, listAuditResultsByItem } from '../../db/repositories/audit.repository';
import { listCaseNumbersOfAudit } from '../../db/repositories/case.repository';
import { activeIdsWithRoleOnAims } from '../../db/repositories/memberships.repository';
import { findRecipients } from '../../db/repositories/people.repository';
import { isNonconformity } from '../../domain/audit';
import { notificationKey } from '../../domain/notification-key';
import { titleOf } from '../../domain/reference/iso42001';
import { renderAuditNotice, renderAuditReport } from '../../mail/templates/audit-email';
import { sendOnce, type SendDeps } from '../send-email.activity';

/**
 * The audit notice (to the auditees and the lead auditor) and the audit report (to management
 * and the programme manager), rendered from the record: the input carries the audit's id only.
 */
export function createSendAuditEmail(deps: SendDeps & { publicBaseUrl: string }) {
  return async function sendAuditEmail(input: { auditId: string; kind: 'notice' | 'report'; at: string }): Promise<number> {
    const audit = await findAuditWithProgrammeManager(deps.db, input.auditId);
    if (!audit) throw missingRow(`no audit ${input.auditId}`);
    const recipientIds =
      input.kind === 'notice'
        ? [...audit.auditee_ids, audit.lead_auditor_id!]
        : [...new Set([audit.programme_manager_id, ...(await activeIdsWithRoleOnAims(deps.db, 'management', audit.aims_id))])];
    const people = await findRecipients(deps.db, [...recipientIds, audit.lead_auditor_id!]);
    const byId = new Map(people.map((p) => [p.id, p]));
    const auditRef = `IA-${audit.number}`;
    const url = `${deps.publicBaseUrl}/audits/${audit.id}`;
    const leadAuditorName = byId.get(audit.lead_auditor_id!)?.name ?? 'the lead auditor';
    const results = input.kind === 'report' ? await listAuditResultsByItem(deps.db, audit.id) : [];
    const caseNumbers = new Map((await listCaseNumbersOfAudit(deps.db, audit.id)).map((c) => [c.id, `NC-${c.number}`]));
    let sent = 0;
    for (const id of recipientIds) {
      const person = byId.get(id);
      if (!person?.active) continue;
      const email =
        input.kind === 'notice'
          ? renderAuditNotice({
              recipientName: person.name,
              auditRef,
              leadAuditorName,
              fieldworkStart: audit.fieldwork_start,
              fieldworkEnd: audit.fieldwork_end,
              scope: audit.scope.map((item) => ({ id: item, title: titleOf(item) ?? '' })),
              url,
            })
          : renderAuditReport({
              recipientName: person.name,
              auditRef,
              leadAuditorName,
              fieldworkStart: audit.fieldwork_start,
              fieldworkEnd: audit.fieldwork_end,
              summary: audit.report_summary ?? '',
              counts: results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.result]: (acc[r.result] ?? 0) + 1 }), {}),
              findings: results
                .filter((r) => r.result !== 'conforming')
                .map((r) => ({
                  id: r.item_id,
                  title: titleOf(r.item_id) ?? '',
                  result: r.result,
                  caseRef: isNonconformity(r.result) && r.case_id ? (caseNumbers.get(r.case_id) ?? null) : null,
                })),
              url,
            });
      const key = notificationKey({ item: `audit:${audit.id}`, step: input.kind, kind: input.kind, dueDate: audit.fieldwork_start, detail: `to:${id}` });
      const result = await sendOnce(deps, { dedupeKey: key, to: person.email, ...email, plannedFor: input.at, aimsId: audit.aims_id });
      if (!result.alreadySent) sent += 1;
    }
    return sent;
  };
}
